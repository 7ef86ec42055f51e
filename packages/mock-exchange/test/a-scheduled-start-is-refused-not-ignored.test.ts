import { describe, expect, it } from 'vitest';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';
import { wsWorldPerTest } from './support/ws-harness.js';

// A buy above the ask: it would fill at once if the start time were ignored.
const CROSSING = { ordertype: 'limit', type: 'buy', volume: '0.01', pair: 'XBTUSD', price: '70000.0' };

describe('AddOrder starttm', () => {
  it.each([['+60'], ['+1'], ['abc'], ['-5'], ['1.5.2']])(
    'starttm=%s (a later start the mock does not simulate, or no time at all) is refused and nothing fills',
    (starttm) => {
      const { exchange, key } = world();
      expect(call(exchange, key, 'AddOrder', { ...CROSSING, starttm }).error).toEqual([
        'EGeneral:Invalid arguments:starttm',
      ]);
      expect(exchange.account('main').balance('XXBT').toString()).toBe('10');
    },
  );

  it('an absolute start in the future is refused; now, the past, 0 and +0 start at once', () => {
    const { exchange, key, clock } = world();
    const nowSeconds = Math.floor(clock.now() / 1000);
    expect(call(exchange, key, 'AddOrder', { ...CROSSING, starttm: String(nowSeconds + 60) }).error).toEqual([
      'EGeneral:Invalid arguments:starttm',
    ]);
    for (const starttm of ['0', '+0', String(nowSeconds), String(nowSeconds - 3600)]) {
      ok(exchange, key, 'AddOrder', { ...CROSSING, starttm });
    }
    expect(exchange.account('main').balance('XXBT').toString()).toBe('10.04');
  });

  it('AddOrderBatch holds each order to the same rule', () => {
    const { exchange, key } = world();
    const { pair: _pair, ...order } = CROSSING;
    const answer = call(
      exchange,
      key,
      'AddOrderBatch',
      { pair: 'XBTUSD', orders: [order, { ...order, starttm: '+60' }] },
      { encoding: 'json' },
    );
    expect(answer.error).toEqual(['EGeneral:Invalid arguments:starttm']);
  });
});

describe('WebSocket v2 add_order effective_time', () => {
  const open = wsWorldPerTest();

  it('a start still to come is refused by its v2 name, a start already due places the order', async () => {
    const { raw, token } = await open();
    // A buy above the ask: it would fill at once if the start time were ignored.
    const order = {
      order_type: 'limit',
      side: 'buy',
      symbol: 'BTC/USD',
      order_qty: 0.01,
      limit_price: 70000,
      token,
    };
    // The harness's exchange clock stands at 2026-01-01T00:00:00Z.
    const later = '2026-01-01T01:00:00Z';
    const [refused] = await raw.call('add_order', { ...order, effective_time: later });
    expect(refused).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:effective_time' });
    const [garbled] = await raw.call('add_order', { ...order, effective_time: 'soon' });
    expect(garbled).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:effective_time' });
    const earlier = '2025-12-31T23:00:00Z';
    const [placed] = await raw.call('add_order', { ...order, effective_time: earlier });
    expect(placed, JSON.stringify(placed)).toMatchObject({ success: true });
  });
});
