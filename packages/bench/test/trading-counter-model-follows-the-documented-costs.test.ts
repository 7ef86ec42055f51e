/**
 * The stub's matching-engine model follows docs/kraken/rate-limits.md ("Trading rate limits"): thresholds and decays
 * per tier, a cancel's cost by its order's age with exclusive bounds, the allowance of a window, and the wait a
 * pacing client computes for a cancel whose cost falls as the order ages.
 */
import { describe, expect, it } from 'vitest';
import {
  cancelOrderCost,
  PairCounter,
  TRADING_COUNTER_LIMITS,
  tradingAllowance,
} from '../bench/support/trading-counter-model.js';

describe('the documented matching-engine model', () => {
  it('costs a cancel 8, 6, 5, 4, 2, 1, 0 by its order age, each bound exclusive', () => {
    const ages = [
      0, 4_999, 5_000, 9_999, 10_000, 14_999, 15_000, 44_999, 45_000, 89_999, 90_000, 299_999, 300_000,
    ];
    expect(ages.map(cancelOrderCost)).toEqual([8, 8, 6, 6, 5, 5, 4, 4, 2, 2, 1, 1, 0]);
    expect(cancelOrderCost(-20)).toBe(8);
  });

  it('allows the threshold plus what decays in the window', () => {
    expect(TRADING_COUNTER_LIMITS.starter).toEqual({ threshold: 60, decayPerSecond: 1 });
    expect(tradingAllowance('starter', 15)).toBe(75);
    expect(tradingAllowance('intermediate', 15)).toBeCloseTo(160.1, 9);
    expect(tradingAllowance('pro', 15)).toBe(236.25);
  });

  it('accepts calls up to the threshold and refuses one past it, charging nothing', () => {
    const counter = new PairCounter(TRADING_COUNTER_LIMITS.intermediate, 0);
    for (let i = 0; i < 125; i += 1) expect(counter.tryCharge(1, 0)).toBe(true);
    expect(counter.tryCharge(1, 0)).toBe(false);
    expect(counter.valueAt(0)).toBe(125);
    expect(counter.msUntilFits(1, 0)).toBeCloseTo(1000 / 2.34, 6);
    expect(counter.tryCharge(1, 428)).toBe(true); // 2.34 × 0.428 ≥ 1
  });

  it('tells a pacing client when a cancel fits: the counter decaying or the cost falling with age, whichever first', () => {
    const counter = new PairCounter(TRADING_COUNTER_LIMITS.starter, 0);
    counter.charge(55, 0);
    // Created at 0: cost 8 fits at 52 (3 s) before cost 6 would (5 s of age).
    expect(counter.msUntilCancelFits(0, 0)).toBe(3_000);
    counter.charge(5, 3_000); // 57 at 3 s
    // Created at 1 s: 8 fits at 52 (in 5 s); from age 5 s (in 3 s) cost 6 fits at 54 (in 3 s).
    expect(counter.msUntilCancelFits(1_000, 3_000)).toBe(3_000);
    // An order 300 s old costs nothing and goes at once.
    expect(counter.msUntilCancelFits(-300_000, 3_000)).toBe(0);
  });
});
