import { describe, expect, it } from 'vitest';
import { limitBuy, place } from './support/orders.js';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';

describe('AmendOrder (in place)', () => {
  it('keeps txid and cl_ord_id, changes quantity and price, marks it amended', () => {
    const w = world();
    const order = place(w, limitBuy('0.1', '60000.0', { cl_ord_id: 'keep-me' }));
    const result = ok<{ amend_id: string }>(w.exchange, w.key, 'AmendOrder', {
      txid: order.txid,
      order_qty: '0.2',
      limit_price: '60100.0',
    });
    expect(result.amend_id).toMatch(/^A[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
    expect(order.volume.toString()).toBe('0.2');
    expect(order.price?.toString()).toBe('60100');
    expect(order.clOrdId).toBe('keep-me');
    const open = ok<{ open: Record<string, { misc: string; vol: string }> }>(w.exchange, w.key, 'OpenOrders');
    expect(open.open[order.txid]).toMatchObject({ misc: 'amended', vol: '0.20000000' });
  });

  it('amends by cl_ord_id', () => {
    const w = world();
    const order = place(w, limitBuy('0.1', '60000.0', { cl_ord_id: 'by-client-id' }));
    ok(w.exchange, w.key, 'AmendOrder', { cl_ord_id: 'by-client-id', limit_price: '59000.0' });
    expect(order.price?.toString()).toBe('59000');
  });

  it('a new limit price that crosses fills at once; with post_only it is refused', () => {
    const w = world();
    const refused = place(w, limitBuy('0.1', '60000.0'));
    expect(
      call(w.exchange, w.key, 'AmendOrder', { txid: refused.txid, limit_price: '66000.0', post_only: true })
        .error,
    ).toEqual(['EOrder:Post only order']);
    expect(refused.price?.toString()).toBe('60000');
    ok(w.exchange, w.key, 'AmendOrder', { txid: refused.txid, limit_price: '66000.0' });
    expect(refused.status).toBe('closed');
  });

  it('re-validates the amended order: pair limits and funds', () => {
    const w = world({ balances: { ZUSD: '10000' } });
    const order = place(w, limitBuy('0.1', '60000.0'));
    expect(
      call(w.exchange, w.key, 'AmendOrder', { txid: order.txid, limit_price: '60000.05' }).error,
    ).toEqual(['EGeneral:Invalid arguments:price']);
    expect(call(w.exchange, w.key, 'AmendOrder', { txid: order.txid, order_qty: '0.2' }).error).toEqual([
      'EOrder:Insufficient funds',
    ]);
    expect(call(w.exchange, w.key, 'AmendOrder', { txid: order.txid, order_qty: '0.15' }).error).toEqual([]);
  });

  it('unknown orders are EOrder:Unknown order', () => {
    const w = world();
    expect(
      call(w.exchange, w.key, 'AmendOrder', { txid: 'OAAAAA-BBBBB-CCCCCC', limit_price: '1' }).error,
    ).toEqual(['EOrder:Unknown order']);
  });
});

describe('EditOrder (cancel and replace)', () => {
  it('cancels the original and answers with a new txid', () => {
    const w = world();
    const original = place(w, limitBuy('0.1', '60000.0', { userref: 5 }));
    const result = ok<Record<string, unknown>>(w.exchange, w.key, 'EditOrder', {
      txid: original.txid,
      pair: 'XBTUSD',
      volume: '0.3',
      price: '61000.0',
    });
    expect(result).toMatchObject({
      status: 'ok',
      originaltxid: original.txid,
      volume: '0.30000000',
      price: '61000.0',
      orders_cancelled: 1,
      olduserref: 5,
    });
    expect(result['txid']).not.toBe(original.txid);
    expect(original.status).toBe('canceled');
    const replacement = w.exchange.account('main').orders.get(result['txid'] as string)!;
    expect(replacement.status).toBe('open');
    expect(replacement.volume.toString()).toBe('0.3');
  });

  it('validate=true changes nothing', () => {
    const w = world();
    const original = place(w, limitBuy('0.1', '60000.0'));
    const result = ok<Record<string, unknown>>(w.exchange, w.key, 'EditOrder', {
      txid: original.txid,
      pair: 'XBTUSD',
      price: '61000.0',
      validate: true,
    });
    expect(result['txid']).toBeUndefined();
    expect(original.status).toBe('open');
  });

  it('the pair must match the order', () => {
    const w = world();
    const original = place(w, limitBuy('0.1', '60000.0'));
    expect(
      call(w.exchange, w.key, 'EditOrder', { txid: original.txid, pair: 'ETHUSD', price: '3000.00' }).error,
    ).toEqual(['EGeneral:Invalid arguments:pair']);
  });
});
