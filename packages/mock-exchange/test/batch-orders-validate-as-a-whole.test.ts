import { describe, expect, it } from 'vitest';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';

const item = (volume: string, price: string, extra: Record<string, unknown> = {}) => ({
  ordertype: 'limit',
  type: 'buy',
  volume,
  price,
  ...extra,
});

describe('AddOrderBatch', () => {
  it('places 2–15 orders on one pair and answers in request order', () => {
    const w = world();
    const result = ok<{ orders: Array<{ txid: string; descr: { order: string } }> }>(
      w.exchange,
      w.key,
      'AddOrderBatch',
      { pair: 'XBTUSD', orders: [item('0.01', '60000.0'), item('0.02', '59000.0', { cl_ord_id: 'second' })] },
      { encoding: 'json' },
    );
    expect(result.orders.map((o) => o.descr.order)).toEqual([
      'buy 0.01000000 XBTUSD @ limit 60000.0',
      'buy 0.02000000 XBTUSD @ limit 59000.0',
    ]);
    const orders = w.exchange.account('main').orders;
    expect(orders.get(result.orders[1]!.txid)?.clOrdId).toBe('second');
  });

  it('one invalid order rejects the whole batch and places nothing', () => {
    const w = world();
    const error = call(
      w.exchange,
      w.key,
      'AddOrderBatch',
      { pair: 'XBTUSD', orders: [item('0.01', '60000.0'), item('0.00001', '60000.0')] },
      { encoding: 'json' },
    );
    expect(error.error).toEqual(['EOrder:Order minimum not met']);
    expect(w.exchange.account('main').orders.size).toBe(0);
  });

  it('funding failures are per item: the others are placed', () => {
    const w = world({ balances: { ZUSD: '1000' } });
    const result = ok<{ orders: Array<{ txid?: string; error?: string }> }>(
      w.exchange,
      w.key,
      'AddOrderBatch',
      { pair: 'XBTUSD', orders: [item('0.01', '60000.0'), item('1', '60000.0'), item('0.005', '60000.0')] },
      { encoding: 'json' },
    );
    expect(result.orders[0]?.txid).toBeDefined();
    expect(result.orders[1]).toEqual({ error: 'EOrder:Insufficient funds' });
    expect(result.orders[2]?.txid).toBeDefined();
  });

  it('batch size and duplicate client ids are validated', () => {
    const w = world();
    expect(
      call(
        w.exchange,
        w.key,
        'AddOrderBatch',
        { pair: 'XBTUSD', orders: [item('0.01', '60000.0')] },
        { encoding: 'json' },
      ).error,
    ).toEqual(['EGeneral:Invalid arguments:orders']);
    const dup = [item('0.01', '60000.0', { cl_ord_id: 'x' }), item('0.01', '60000.0', { cl_ord_id: 'x' })];
    expect(
      call(w.exchange, w.key, 'AddOrderBatch', { pair: 'XBTUSD', orders: dup }, { encoding: 'json' }).error,
    ).toEqual(['EOrder:Duplicate cl_ord_id']);
  });

  it('validate=true checks everything and places nothing', () => {
    const w = world();
    const result = ok<{ orders: Array<Record<string, unknown>> }>(
      w.exchange,
      w.key,
      'AddOrderBatch',
      { pair: 'XBTUSD', validate: true, orders: [item('0.01', '60000.0'), item('0.01', '60000.0')] },
      { encoding: 'json' },
    );
    expect(result.orders.every((o) => o['txid'] === undefined)).toBe(true);
    expect(w.exchange.account('main').orders.size).toBe(0);
  });
});
