/**
 * `@krakenkit/client/rate-limit` — Kraken's rate limits, modelled exactly: the limiter the client uses
 * (`createRateLimiter`, to share one between several clients or a REST and a WebSocket client of one account),
 * the REST call counter and per-pair matching-engine limits of each verification tier (`KRAKEN_TIER_LIMITS`,
 * `resolveTierLimits`), and the trading-cost table (`agedCost` and friends: what an amend, edit or cancel costs by
 * the order's age).
 *
 * The errors a caller catches (`RateLimitError`, `OpenOrdersLimitError`) are in the root entry.
 *
 * @module @krakenkit/client/rate-limit
 */

export {
  createRateLimiter,
  DEFAULT_BACKGROUND_RESERVE,
  type KrakenRateLimiter,
  type RateLimiterOptions,
  type Sleep,
} from './limiter.js';
export { defaultPairKey } from './matching-engine.js';
export type { SharedCounterStore } from './shared-rest-counter.js';
export {
  DEFAULT_HISTORY_COST,
  KRAKEN_TIER_LIMITS,
  type RestLimits,
  resolveTierLimits,
  type TierLimitOverrides,
  type TierLimits,
  type TradingLimits,
} from './tiers.js';
export {
  ADD_COST,
  AGE_COLUMNS_MS,
  type AgedAction,
  agedCost,
  agedCostSteps,
  batchAddCost,
  worstCaseCost,
} from './trading-costs.js';
export {
  PRIORITY,
  type RateBudget,
  type RateLimiter,
  type RateLimitMode,
  type RateOutcome,
  type RateTicket,
} from './types.js';
