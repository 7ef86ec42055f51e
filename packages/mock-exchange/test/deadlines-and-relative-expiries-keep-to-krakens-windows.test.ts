import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { call } from './support/signer.js';
import { world } from './support/world.js';
import { wsWorldPerTest } from './support/ws-harness.js';

const LIMIT = { ordertype: 'limit', type: 'buy', volume: '0.01', pair: 'XBTUSD', price: '30000' };
const at = (ms: number): string => new Date(ms).toISOString();

describe('REST deadline: RFC 3339, from now + 2 s to now + 60 s on receipt', () => {
  it.each([
    [2_000, []],
    [60_000, []],
    [1_999, ['EGeneral:Invalid arguments:deadline']],
    [60_001, ['EGeneral:Invalid arguments:deadline']],
    [-1, ['EService:Deadline elapsed']],
  ])('AddOrder with a deadline %i ms ahead → %j', (leadMs, errors) => {
    const { exchange, key, clock } = world();
    expect(call(exchange, key, 'AddOrder', { ...LIMIT, deadline: at(clock.now() + leadMs) }).error).toEqual(
      errors,
    );
  });

  it('refuses a date Date.parse would read but that is not RFC 3339', () => {
    const { exchange, key, clock } = world();
    const loose = new Date(clock.now() + 10_000).toUTCString(); // "Mon, 05 Jan 2026 12:00:10 GMT"
    expect(call(exchange, key, 'AddOrder', { ...LIMIT, deadline: loose }).error).toEqual([
      'EGeneral:Invalid arguments:deadline',
    ]);
    // The same instant written with an offset is RFC 3339: taken.
    const offset = new Date(clock.now() + 10_000 + 3_600_000).toISOString().replace('Z', '+01:00');
    expect(call(exchange, key, 'AddOrder', { ...LIMIT, deadline: offset }).error).toEqual([]);
  });

  it('holds AmendOrder, EditOrder and AddOrderBatch to the same window', () => {
    const { exchange, key, clock } = world();
    const placed = call(exchange, key, 'AddOrder', LIMIT).result as { txid: string[] };
    const txid = placed.txid[0];
    const far = at(clock.now() + 120_000);
    expect(call(exchange, key, 'AmendOrder', { txid, limit_price: '30001', deadline: far }).error).toEqual([
      'EGeneral:Invalid arguments:deadline',
    ]);
    expect(
      call(exchange, key, 'EditOrder', { txid, pair: 'XBTUSD', price: '30002', deadline: far }).error,
    ).toEqual(['EGeneral:Invalid arguments:deadline']);
    const orders = [
      { ordertype: 'limit', type: 'buy', volume: '0.01', price: '30000' },
      { ordertype: 'limit', type: 'buy', volume: '0.01', price: '29000' },
    ];
    const batch = call(
      exchange,
      key,
      'AddOrderBatch',
      { pair: 'XBTUSD', orders, deadline: far },
      { encoding: 'json' },
    );
    expect(batch.error).toEqual(['EGeneral:Invalid arguments:deadline']);
    expect(exchange.account('main').openOrders()).toHaveLength(1);
    // The order was left as it was.
    expect(
      call(exchange, key, 'AmendOrder', { txid, limit_price: '30001', deadline: at(clock.now() + 5_000) })
        .error,
    ).toEqual([]);
  });
});

describe('REST expiretm "+n": at least 5 s', () => {
  it.each([
    ['+4', ['EGeneral:Invalid arguments:expiretm']],
    ['+5', []],
  ])('GTD with expiretm %s → %j', (expiretm, errors) => {
    const { exchange, key } = world();
    expect(call(exchange, key, 'AddOrder', { ...LIMIT, timeinforce: 'GTD', expiretm }).error).toEqual(errors);
  });
});

describe('WebSocket v2 deadline: an offset of 500 ms to 60 s', () => {
  const open = wsWorldPerTest();

  it('takes a deadline 1.5 s ahead (under REST minimum) and refuses 300 ms or 61 s ahead', async () => {
    const clock = new ManualClock();
    const { raw, token } = await open({}, { clock });
    const order = {
      order_type: 'limit',
      side: 'buy',
      symbol: 'BTC/USD',
      order_qty: 0.01,
      limit_price: 30000,
      token,
    };
    const [near] = await raw.call('add_order', { ...order, deadline: at(clock.now() + 1_500) });
    expect(near).toMatchObject({ success: true });
    for (const leadMs of [300, 61_000]) {
      const [refused] = await raw.call('add_order', { ...order, deadline: at(clock.now() + leadMs) });
      expect(refused).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:deadline' });
    }
  });
});
