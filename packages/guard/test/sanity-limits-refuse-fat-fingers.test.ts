import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../src/intent.js';
import { codes, testGuard } from './support/guard-factory.js';

function buy(volume: string, price: string, extra: Partial<OrderIntent> = {}): OrderIntent {
  return { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume, price, ...extra };
}

describe('price band around the reference mid', () => {
  it('refuses a price further than the band from the mid, saying where the band is', () => {
    const { guard } = testGuard(
      { sanity: { priceBandBps: 500 } },
      { referencePrices: { 'BTC/USD': '50000' } },
    );
    expect(guard.check(buy('1', '52500')).allowed).toBe(true);
    const decision = guard.check(buy('1', '52500.1'));
    expect(codes(decision)).toEqual(['EGuard:Price outside band']);
    expect(decision.violations[0]?.message).toBe(
      'price 52500.1 is 500 bps from the reference mid 50000 on XBTUSD; the band is 500 bps (47500 – 52500)',
    );
  });

  it('refuses when a band is set and no mid is known, or the mid is stale', () => {
    const { guard, clock } = testGuard({ sanity: { priceBandBps: 500, referencePriceMaxAgeMs: 5000 } });
    expect(codes(guard.check(buy('1', '50000')))).toEqual(['EGuard:Missing reference price']);
    guard.setReferencePrice('XBTUSD', '50000');
    expect(guard.check(buy('1', '50000')).allowed).toBe(true);
    clock.advance(5001);
    expect(codes(guard.check(buy('1', '50000')))).toEqual(['EGuard:Missing reference price']);
  });

  it('takes a per-pair band over the global one', () => {
    const { guard } = testGuard(
      { sanity: { priceBandBps: 500 }, pairs: { XBTUSD: { priceBandBps: 100 } } },
      { referencePrices: { XBTUSD: '50000' } },
    );
    expect(codes(guard.check(buy('1', '50500')))).toEqual([]);
    expect(codes(guard.check(buy('1', '50500.1')))).toEqual(['EGuard:Price outside band']);
  });
});

describe('notional caps', () => {
  it('refuses an order above the per-order cap in its quote currency', () => {
    const { guard } = testGuard({ sanity: { maxOrderNotional: { ZUSD: '100000' } } });
    expect(guard.check(buy('2', '50000')).allowed).toBe(true);
    expect(guard.check(buy('2', '50000.1')).violations[0]).toMatchObject({
      code: 'EGuard:Order notional exceeded',
      limit: '100000',
      requested: '100000.2',
      currency: 'USD',
    });
    // A EUR pair is not capped by the USD figure.
    expect(guard.check({ ...buy('10', '50000'), pair: 'XBTEUR' }).allowed).toBe(true);
  });

  it('refuses what would take the pair past its cap across open orders and positions', () => {
    const { guard } = testGuard({ pairs: { XBTUSD: { maxPairNotional: '200000' } } });
    expect(guard.reserve(buy('3', '50000')).allowed).toBe(true);
    const decision = guard.check(buy('1.1', '50000'));
    expect(decision.violations[0]).toMatchObject({
      code: 'EGuard:Pair notional exceeded',
      requested: '205000',
    });
  });
});

describe('open orders and the matching-engine budget per pair', () => {
  it('refuses the order past the open-order limit (configured below the tier limit)', () => {
    const { guard } = testGuard({ sanity: { maxOpenOrdersPerPair: 3 } });
    for (let index = 0; index < 3; index += 1) expect(guard.reserve(buy('0.01', '50000')).allowed).toBe(true);
    expect(codes(guard.check(buy('0.01', '50000')))).toEqual(['EOrder:Orders limit exceeded']);
    expect(guard.check({ ...buy('0.01', '50000'), pair: 'XBTEUR' }).allowed).toBe(true);
  });

  it('keeps to the tier threshold: Starter allows 60 adds in a burst, then waits for decay', () => {
    const { guard, clock } = testGuard({ tier: 'starter' });
    let ref: string | undefined;
    for (let index = 0; index < 60; index += 1) {
      ref = guard.reserve(buy('0.01', '50000')).ref;
      guard.apply({ type: 'order-cancelled', order: ref ?? '' }); // keep the open-order count low
    }
    const decision = guard.check(buy('0.01', '50000'));
    expect(codes(decision)).toEqual(['EOrder:Rate limit exceeded']);
    expect(decision.violations[0]?.message).toContain('wait 1.0 s');
    clock.advance(1000); // Starter decays 1 per second
    expect(guard.check(buy('0.01', '50000')).allowed).toBe(true);
  });

  it('charges cancels by order age, as Kraken does', () => {
    const { guard } = testGuard({ tier: 'starter', sanity: { orderRateBudget: 0.5 } });
    const refs: string[] = [];
    for (let index = 0; index < 3; index += 1) refs.push(guard.reserve(buy('0.01', '50000')).ref ?? '');
    // 3 adds (+3) then 3 cancels of orders under 5 s old (+8 each) = 27 of a budget of 30.
    guard.reserve({ kind: 'cancel', orderIds: refs });
    expect(guard.snapshot().pairs[0]?.rateCounter).toBe(27);
    expect(guard.check(buy('0.01', '50000')).allowed).toBe(true);
  });
});
