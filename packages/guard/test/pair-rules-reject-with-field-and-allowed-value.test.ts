import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../src/intent.js';
import { codes, testGuard } from './support/guard-factory.js';

function limit(volume: string, price: string, extra: Partial<OrderIntent> = {}): OrderIntent {
  return { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume, price, ...extra };
}

describe('pair status', () => {
  it('cancel_only refuses new orders', () => {
    const { guard } = testGuard({ pairs: { XBTUSD: { status: 'cancel_only' } } });
    expect(codes(guard.check(limit('1', '50000')))).toEqual(['EService:Market in cancel_only mode']);
    expect(guard.check({ kind: 'cancel', orderIds: ['O-1'] }).allowed).toBe(true);
  });

  it('post_only refuses orders without the post flag', () => {
    const { guard } = testGuard({ pairs: { XBTUSD: { status: 'post_only' } } });
    expect(codes(guard.check(limit('1', '50000')))).toEqual(['EService:Market in post_only mode']);
    expect(guard.check(limit('1', '50000', { postOnly: true })).allowed).toBe(true);
  });

  it('limit_only refuses market orders (configurable UNCONFIRMED string)', () => {
    const { guard } = testGuard({ pairs: { XBTUSD: { status: 'limit_only' } } });
    const market: OrderIntent = {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'market',
      volume: '1',
      referencePrice: '50000',
    };
    expect(codes(guard.check(market))).toEqual(['EGeneral:Invalid arguments:ordertype']);
    expect(guard.check(limit('1', '50000')).allowed).toBe(true);
  });

  it('reads status changes from refreshed AssetPairs data', () => {
    const { guard } = testGuard();
    guard.updateAssetPairs({
      XXBTZUSD: { altname: 'XBTUSD', base: 'XXBT', quote: 'ZUSD', status: 'cancel_only' },
    });
    expect(codes(guard.check(limit('1', '50000')))).toEqual(['EService:Market in cancel_only mode']);
    guard.updateAssetPairs({
      XXBTZUSD: { altname: 'XBTUSD', base: 'XXBT', quote: 'ZUSD', status: 'maintenance' },
    });
    expect(codes(guard.check(limit('1', '50000')))).toEqual(['EService:Market in cancel_only mode']);
  });
});

describe('pair limits: ordermin, costmin, lot_decimals, pair_decimals, tick_size', () => {
  it('names the field and the allowed value for each', () => {
    const { guard } = testGuard();
    expect(guard.check(limit('0.00009', '50000')).violations).toEqual([
      expect.objectContaining({
        code: 'EOrder:Order minimum not met',
        field: 'volume',
        limit: '0.0001',
        requested: '0.00009',
        currency: 'BTC',
      }),
    ]);
    expect(guard.check(limit('0.0001', '4000')).violations).toEqual([
      expect.objectContaining({
        code: 'EOrder:Cost minimum not met',
        limit: '0.5',
        requested: '0.4',
        currency: 'USD',
      }),
    ]);
    expect(guard.check(limit('0.123456789', '50000')).violations).toEqual([
      expect.objectContaining({
        code: 'EGeneral:Invalid arguments:volume',
        field: 'volume',
        limit: '8',
        requested: '9',
      }),
    ]);
    const decimals = guard.check(limit('1', '50000.25'));
    expect(codes(decimals)).toEqual(['EGeneral:Invalid arguments:price', 'EOrder:Tick size check failed']);
    expect(decimals.violations[1]?.message).toBe(
      "price 50000.25 is not a multiple of XBTUSD's tick_size 0.1 (nearest: 50000.2 or 50000.3)",
    );
  });

  it('checks the limit price of stop-loss-limit orders (price2) too', () => {
    const { guard } = testGuard();
    const stop = limit('1', '49000', { orderType: 'stop-loss-limit', price2: '48999.95' });
    expect(guard.check(stop).violations.map((v) => v.field)).toEqual(['price2', 'price2']);
  });

  it('rounds instead of refusing only when config asks: volume down, price away from the market', () => {
    const { guard } = testGuard({ rounding: { volume: 'round-down', price: 'round-passive' } });
    const buy = guard.check(limit('0.123456789', '50000.27'));
    expect(buy).toEqual({
      allowed: true,
      violations: [],
      adjusted: { volume: '0.12345678', price: '50000.2' },
    });
    const sell = guard.check(limit('1', '50000.21', { side: 'sell' }));
    expect(sell.adjusted).toEqual({ price: '50000.3' });
    const reservation = guard.reserve(limit('0.123456789', '50000.27'));
    expect(guard.orders()[0]).toMatchObject({ ref: reservation.ref, volume: '0.12345678', price: '50000.2' });
  });
});

describe('margin position size per pair', () => {
  it('counts positions, open margin orders and the new order against long_position_limit', () => {
    const { guard } = testGuard({ pairs: { XBTUSD: { longPositionLimit: '10' } } });
    const order = (volume: string) => limit(volume, '50000', { leverage: '2' });
    expect(guard.reserve(order('6')).allowed).toBe(true);
    const decision = guard.check(order('4.5'));
    expect(codes(decision)).toEqual(['EOrder:Margin position size exceeded']);
    expect(decision.violations[0]).toMatchObject({ limit: '10', requested: '10.5', currency: 'BTC' });
    expect(guard.check(order('4')).allowed).toBe(true);
    // Spot orders and the other side do not count.
    expect(guard.check(limit('50', '50000')).allowed).toBe(true);
  });

  it('uses AssetPairs short_position_limit for shorts', () => {
    const { guard } = testGuard({ pairs: { XBTUSD: { shortPositionLimit: '3' } } });
    expect(guard.check(limit('3', '50000', { side: 'sell', leverage: '2' })).allowed).toBe(true);
    expect(codes(guard.check(limit('3.1', '50000', { side: 'sell', leverage: '2' })))).toEqual([
      'EOrder:Margin position size exceeded',
    ]);
  });
});
