import { describe, expect, it } from 'vitest';
import { codes, marginOrder, testGuard } from './support/guard-factory.js';

// Seed: "All KEEP markets are in Reduce Only meaning you cannot open new Margin positions. You can only reduce
// the size of your existing ones." Any pair with AssetPairs status reduce_only behaves the same.
const keepLong = {
  openPositions: {
    'TKEEP-1': {
      pair: 'KEEPUSD',
      type: 'buy' as const,
      cost: '1000',
      vol: '10000',
      vol_closed: '0',
      time: 1,
    },
  },
};

describe('reduce-only markets', () => {
  it('makes every KEEP market reduce-only from the allowance table, whatever AssetPairs says', () => {
    const { guard } = testGuard();
    const decision = guard.check(marginOrder('KEEPUSD', 'buy', '100', '0.1'));
    expect(decision.allowed).toBe(false);
    expect(decision.violations[0]).toMatchObject({
      rule: 'reduce-only-market',
      code: 'EOrder:Reduce only:No position exists',
    });
  });

  it('refuses spot orders too when there is no position', () => {
    const { guard } = testGuard();
    const spot = {
      pair: 'KEEPUSD',
      side: 'buy' as const,
      orderType: 'limit' as const,
      volume: '100',
      price: '0.1',
    };
    expect(codes(guard.check(spot))).toEqual(['EOrder:Reduce only:No position exists']);
  });

  it('accepts a margin order that reduces an existing position, up to its size', () => {
    const { guard } = testGuard({}, keepLong);
    expect(guard.check(marginOrder('KEEPUSD', 'sell', '10000', '0.1')).allowed).toBe(true);
    expect(guard.check(marginOrder('KEEPUSD', 'sell', '2500', '0.1')).allowed).toBe(true);
    const reduceOnly = { ...marginOrder('KEEPUSD', 'sell', '10000', '0.1'), reduceOnly: true };
    expect(guard.check(reduceOnly).allowed).toBe(true);
  });

  it('refuses anything that would not reduce: growing it, flipping it, or a spot order', () => {
    const { guard } = testGuard({}, keepLong);
    const increase = 'EOrder:Reduce only:Cannot increase position';
    expect(codes(guard.check(marginOrder('KEEPUSD', 'buy', '1', '0.1')))).toContain(increase);
    expect(codes(guard.check(marginOrder('KEEPUSD', 'sell', '10001', '0.1')))).toContain(increase);
    // Unlike on other markets, a reduce-only order larger than the position is refused here.
    const larger = { ...marginOrder('KEEPUSD', 'sell', '10001', '0.1'), reduceOnly: true };
    expect(codes(guard.check(larger))).toEqual([increase]);
    const spotSell = {
      pair: 'KEEPUSD',
      side: 'sell' as const,
      orderType: 'limit' as const,
      volume: '5',
      price: '0.1',
    };
    const refused = guard.check(spotSell);
    expect(codes(refused)).toEqual([increase]);
    expect(refused.violations[0]?.message).toContain('at most 10000 KEEP');
  });

  it('applies to any pair configured reduce_only, and its strings are configurable (UNCONFIRMED)', () => {
    const { guard } = testGuard({
      pairs: { XBTUSD: { status: 'reduce_only' } },
      codes: {
        reduceOnlyCannotIncrease: 'EOrder:Reduce only:Custom',
        reduceOnlyNoPosition: 'EOrder:Reduce only:None',
      },
    });
    expect(codes(guard.check(marginOrder('XBTUSD', 'buy', '1', '50000')))).toEqual([
      'EOrder:Reduce only:None',
    ]);
  });
});
