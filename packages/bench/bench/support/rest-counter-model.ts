/**
 * Kraken's REST call counter as the exchange applies it, for the bench stub (docs/kraken/rate-limits.md, "Spot REST
 * Rate Limits"): one counter per API key, starting at 0, decaying continuously at the tier's rate; a call that would
 * take it above the tier's maximum is refused with `EAPI:Rate limit exceeded` and charges nothing (the mock
 * exchange's model too). The numbers are written here from the docs rather than read from the client, so a wrong
 * table in the client under test cannot agree with itself.
 */

import { CappedCounterModel } from './capped-counter-model.js';

export type StubTier = 'starter' | 'intermediate' | 'pro';

export interface RestCounterLimits {
  max: number;
  decayPerSecond: number;
}

/** Kraken's documented REST counter per verification tier. */
export const REST_COUNTER_LIMITS: Readonly<Record<StubTier, Readonly<RestCounterLimits>>> = {
  starter: { max: 15, decayPerSecond: 0.33 },
  intermediate: { max: 20, decayPerSecond: 0.5 },
  pro: { max: 20, decayPerSecond: 1 },
};

export const STUB_TIERS: readonly StubTier[] = ['starter', 'intermediate', 'pro'];

/**
 * How many calls of cost 1 the documented counter accepts in `seconds` from a counter at 0: the maximum at once,
 * then one more each time the decay frees a unit.
 */
export function callsAllowed(tier: StubTier, seconds: number): number {
  const { max, decayPerSecond } = REST_COUNTER_LIMITS[tier];
  // The small epsilon keeps a product such as 0.33 × 15 = 4.95 from rounding over a whole call.
  return Math.floor(max + decayPerSecond * seconds + 1e-9);
}

/** One key's REST call counter, capped at its tier's maximum. */
export class RestCounterModel extends CappedCounterModel {
  constructor(
    readonly limits: RestCounterLimits,
    now: number,
  ) {
    super(limits.max, limits.decayPerSecond, now);
  }
}
