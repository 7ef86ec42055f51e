import type { RateLimiter } from '@krakenkit/client/rate-limit';
import type { GuardConfig } from '@krakenkit/guard';

/**
 * Rate limits are not the subject of the differential and end-to-end tests: both sides relax them. The client
 * gets a limiter that sends at once; the mock gets tiers whose REST and matching-engine counters cannot fill;
 * the guard gets the same through `tierLimits`. Margin eligibility stays as in packages/core/data/tiers.yaml, except that
 * Intermediate is capped at 3x here so that "leverage above the tier's maximum" is reachable on pairs offering 5x.
 */
export const INTERMEDIATE_MAX_LEVERAGE = 3;

export const sendAtOnce: RateLimiter = {
  run: (_ticket, send) => send(),
  observe: () => {},
  budget: () => ({
    rest: { counter: 0, max: 1, decayPerSecond: 1 },
    trading: {},
    throttledUntil: undefined,
  }),
};

const HUGE = 1e12;
const rest = { max: HUGE, decayPerSecond: 1 };
const trading = { threshold: HUGE, decayPerSecond: 1, maxOpenOrdersPerPair: 1_000_000 };

/** The mock's tier table (shape of packages/core/data/tiers.yaml) with counters that never fill. */
export const MOCK_TIERS = {
  starter: { margin: false, maxLeverage: 1, withdrawalDailyUsd: '5000', rest, trading },
  intermediate: {
    margin: true,
    maxLeverage: INTERMEDIATE_MAX_LEVERAGE,
    withdrawalDailyUsd: '500000',
    rest,
    trading,
  },
  pro: { margin: true, maxLeverage: 5, withdrawalDailyUsd: '10000000', rest, trading },
};

/** The guard's matching tier patches. */
export const GUARD_TIER_LIMITS: NonNullable<GuardConfig['tierLimits']> = {
  starter: { trading },
  intermediate: { maxLeverage: INTERMEDIATE_MAX_LEVERAGE, trading },
  pro: { trading },
};

/** Every permission a trading bot's key could hold (the mock enforces them; none is the subject here). */
export const ALL_PERMISSIONS = [
  'funds_query',
  'trades_query_open',
  'trades_query_closed',
  'trades_modify',
  'trades_close',
  'ledger_query',
] as const;
