import { describe, expect, it } from 'vitest';
import { limitBuy, openTxids, place, reject } from './support/orders.js';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';

const UUID = '6d1b8cb8-3c4f-4c5e-9d7a-2f1e0c9b8a71';

describe('cl_ord_id and userref', () => {
  it('a cl_ord_id is unique among open orders (string configurable), free again once closed', () => {
    const w = world();
    const first = place(w, limitBuy('0.01', '60000.0', { cl_ord_id: UUID }));
    expect(reject(w, limitBuy('0.01', '60000.0', { cl_ord_id: UUID }))).toEqual([
      'EOrder:Duplicate cl_ord_id',
    ]);
    ok(w.exchange, w.key, 'CancelOrder', { cl_ord_id: UUID });
    expect(first.status).toBe('canceled');
    expect(place(w, limitBuy('0.01', '60000.0', { cl_ord_id: UUID })).status).toBe('open');
  });

  it('accepts the three documented cl_ord_id formats and rejects others', () => {
    const w = world();
    for (const id of [UUID, '6d1b8cb83c4f4c5e9d7a2f1e0c9b8a71', 'my-order-1']) {
      expect(place(w, limitBuy('0.01', '60000.0', { cl_ord_id: id })).clOrdId).toBe(id);
    }
    expect(reject(w, limitBuy('0.01', '60000.0', { cl_ord_id: 'this-one-is-far-too-long' }))).toEqual([
      'EGeneral:Invalid arguments:cl_ord_id',
    ]);
  });

  it('OpenOrders and ClosedOrders filter by cl_ord_id and userref (how clients reconcile)', () => {
    const w = world();
    const a = place(w, limitBuy('0.01', '60000.0', { cl_ord_id: 'reconcile-me' }));
    place(w, limitBuy('0.01', '60000.0', { userref: 42 }));
    const open = ok<{ open: Record<string, { cl_ord_id: string }> }>(w.exchange, w.key, 'OpenOrders', {
      cl_ord_id: 'reconcile-me',
    });
    expect(Object.keys(open.open)).toEqual([a.txid]);
    const byRef = ok<{ open: Record<string, { userref: number }> }>(w.exchange, w.key, 'OpenOrders', {
      userref: 42,
    });
    expect(Object.values(byRef.open).map((o) => o.userref)).toEqual([42]);
    ok(w.exchange, w.key, 'CancelOrder', { txid: a.txid });
    const closed = ok<{ closed: Record<string, { status: string; reason: string }>; count: number }>(
      w.exchange,
      w.key,
      'ClosedOrders',
      { cl_ord_id: 'reconcile-me' },
    );
    expect(closed.count).toBe(1);
    expect(closed.closed[a.txid]).toMatchObject({ status: 'canceled', reason: 'User requested' });
  });

  it('CancelOrder with an integer userref cancels every open order with it', () => {
    const w = world();
    place(w, limitBuy('0.01', '60000.0', { userref: 7 }));
    place(w, limitBuy('0.01', '60000.0', { userref: 7 }));
    const kept = place(w, limitBuy('0.01', '60000.0', { userref: 8 }));
    expect(ok(w.exchange, w.key, 'CancelOrder', { txid: '7' })).toEqual({ count: 2, pending: false });
    expect(openTxids(w.exchange, w.key)).toEqual([kept.txid]);
  });

  it('cancelling an unknown or closed order is EOrder:Unknown order', () => {
    const w = world();
    expect(call(w.exchange, w.key, 'CancelOrder', { txid: 'OAAAAA-BBBBB-CCCCCC' }).error).toEqual([
      'EOrder:Unknown order',
    ]);
    const order = place(w, limitBuy('0.01', '60000.0'));
    ok(w.exchange, w.key, 'CancelOrder', { txid: order.txid });
    expect(call(w.exchange, w.key, 'CancelOrder', { txid: order.txid }).error).toEqual([
      'EOrder:Unknown order',
    ]);
  });

  it('CancelAll and CancelOrderBatch (txids, userrefs and cl_ord_ids; at most 50)', () => {
    const w = world();
    const a = place(w, limitBuy('0.01', '60000.0'));
    place(w, limitBuy('0.01', '60000.0', { cl_ord_id: 'b' }));
    place(w, limitBuy('0.01', '60000.0', { userref: 3 }));
    place(w, limitBuy('0.01', '60000.0'));
    const batch = ok(
      w.exchange,
      w.key,
      'CancelOrderBatch',
      { orders: [a.txid, '3'], cl_ord_ids: ['b'] },
      { encoding: 'json' },
    );
    expect(batch).toEqual({ count: 3 });
    expect(ok(w.exchange, w.key, 'CancelAll')).toEqual({ count: 1, pending: false });
    const tooMany = Array.from({ length: 51 }, (_, i) => `O${i}`);
    expect(
      call(w.exchange, w.key, 'CancelOrderBatch', { orders: tooMany }, { encoding: 'json' }).error,
    ).toEqual(['EGeneral:Invalid arguments:orders']);
  });

  it('QueryOrders returns requested orders with their trades', () => {
    const w = world();
    const order = place(w, limitBuy('0.01', '66000.0'));
    const result = ok<Record<string, { status: string; trades: string[] }>>(
      w.exchange,
      w.key,
      'QueryOrders',
      { txid: order.txid, trades: true },
    );
    expect(result[order.txid]?.status).toBe('closed');
    expect(result[order.txid]?.trades).toEqual(order.tradeIds);
  });
});
