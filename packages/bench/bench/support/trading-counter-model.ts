/**
 * Kraken's matching-engine (trading) counter as the exchange applies it, for the bench stub
 * (docs/kraken/rate-limits.md, "Trading rate limits"): one counter per account and pair, starting at 0, decaying
 * continuously at the tier's rate; AddOrder costs +1, CancelOrder costs by the order's age (8 / 6 / 5 / 4 / 2 / 1
 * below 5 / 10 / 15 / 45 / 90 / 300 s, each bound exclusive, then 0); a call that would take the counter past the
 * threshold is refused with `EOrder:Rate limit exceeded` and charges nothing (single cancels too: the docs'
 * conservative default). The numbers are written here from the docs rather than read from the client, so a wrong
 * table in the client under test cannot agree with itself.
 */
import { CappedCounterModel } from './capped-counter-model.js';
import type { StubTier } from './rest-counter-model.js';

/** One tier's matching-engine counter: calls are accepted while counter + cost stays at or below the threshold. */
export interface TradingCounterLimits {
  threshold: number;
  decayPerSecond: number;
}

/** Kraken's documented matching-engine counter per verification tier. */
export const TRADING_COUNTER_LIMITS: Readonly<Record<StubTier, Readonly<TradingCounterLimits>>> = {
  starter: { threshold: 60, decayPerSecond: 1 },
  intermediate: { threshold: 125, decayPerSecond: 2.34 },
  pro: { threshold: 180, decayPerSecond: 3.75 },
};

/** AddOrder: a fixed +1. */
export const ADD_ORDER_COST = 1;

/** CancelOrder's cost by the order's age: the first row whose exclusive bound the age is below; 0 after the last. */
const CANCEL_COST_BY_AGE: ReadonlyArray<{ belowMs: number; cost: number }> = [
  { belowMs: 5_000, cost: 8 },
  { belowMs: 10_000, cost: 6 },
  { belowMs: 15_000, cost: 5 },
  { belowMs: 45_000, cost: 4 },
  { belowMs: 90_000, cost: 2 },
  { belowMs: 300_000, cost: 1 },
];

/** What cancelling an order `ageMs` old costs (since it was created; a negative age counts as 0). */
export function cancelOrderCost(ageMs: number): number {
  const age = Math.max(0, ageMs);
  return CANCEL_COST_BY_AGE.find((row) => age < row.belowMs)?.cost ?? 0;
}

/**
 * The units the documented counter lets a client charge in `seconds` from a counter at 0: the threshold at once,
 * then what decays meanwhile. The denominator of "budget used".
 */
export function tradingAllowance(tier: StubTier, seconds: number): number {
  const { threshold, decayPerSecond } = TRADING_COUNTER_LIMITS[tier];
  return threshold + decayPerSecond * seconds;
}

/** One pair's matching-engine counter of one account, capped at its tier's threshold. */
export class PairCounter extends CappedCounterModel {
  constructor(
    readonly limits: TradingCounterLimits,
    now: number,
  ) {
    super(limits.threshold, limits.decayPerSecond, now);
  }

  /**
   * How long until cancelling an order created at `createdAt` fits (ms): its cost falls as the order ages while
   * the counter decays, so the first moment either makes room.
   */
  msUntilCancelFits(createdAt: number, now: number): number {
    const age = Math.max(0, now - createdAt);
    let best = this.msUntilFits(cancelOrderCost(age), now);
    for (const { belowMs } of CANCEL_COST_BY_AGE) {
      if (belowMs <= age) continue;
      // From `belowMs` on the cost is the next row's; it fits then or once the counter has decayed enough.
      const from = belowMs - age;
      best = Math.min(best, Math.max(from, this.msUntilFits(cancelOrderCost(belowMs), now)));
    }
    return best;
  }
}
