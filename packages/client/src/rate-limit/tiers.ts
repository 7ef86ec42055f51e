import { isTierName, loadTierTable, type TierName } from '@krakenkit/core';

export { isTierName, type TierName };

import { ConfigError, type ConfigIssue } from '../errors/index.js';

/** The REST call counter of one API key (docs/kraken/rate-limits.md). */
export interface RestLimits {
  /** Highest counter value a call may bring the counter to. */
  max: number;
  /** Units the counter loses per second, continuously. */
  decayPerSecond: number;
}

/** The matching-engine counter of one pair of one account (docs/kraken/rate-limits.md). */
export interface TradingLimits {
  /** Adds, amends and edits are accepted while counter + cost stays at or below this. */
  threshold: number;
  decayPerSecond: number;
  /** Kraken answers `EOrder:Orders limit exceeded` to an add when this many orders are open on the pair. */
  maxOpenOrdersPerPair: number;
}

/** One tier's REST counter and matching-engine limits. */
export interface TierLimits {
  rest: RestLimits;
  trading: TradingLimits;
}

/** Overrides for {@link TierLimits}: any field left out keeps the tier's documented value. */
export interface TierLimitOverrides {
  rest?: Partial<RestLimits>;
  trading?: Partial<TradingLimits>;
}

/**
 * Kraken's documented limits per tier: docs "Spot REST Rate Limits" (REST counter) and "Spot Trading Limits"
 * (matching-engine counter), docs/kraken/rate-limits.md. The numbers are data, @krakenkit/core's data/tiers.yaml
 * (the table the guard and the mock exchange read too), read when first asked for. Kraken may change them, so
 * every number can be overridden through `limits`.
 */
export const KRAKEN_TIER_LIMITS: Readonly<Record<TierName, Readonly<TierLimits>>> = Object.freeze(
  Object.defineProperties({} as Record<TierName, TierLimits>, {
    starter: { enumerable: true, get: () => limitsOf('starter') },
    intermediate: { enumerable: true, get: () => limitsOf('intermediate') },
    pro: { enumerable: true, get: () => limitsOf('pro') },
  }),
);

const fromTable = new Map<TierName, TierLimits>();

function limitsOf(tier: TierName): TierLimits {
  let limits = fromTable.get(tier);
  if (limits === undefined) {
    const row = loadTierTable()[tier];
    if (row.rest === undefined) {
      throw new ConfigError([
        { path: `${tier}.rest`, message: 'the tier table gives no REST counter limits' },
      ]);
    }
    limits = Object.freeze({
      rest: Object.freeze({ ...row.rest }),
      trading: Object.freeze({ ...row.trading }),
    });
    fromTable.set(tier, limits);
  }
  return limits;
}

/**
 * REST cost of the history calls (Ledgers, QueryLedgers, TradesHistory, QueryTrades, ClosedOrders).
 * UNCONFIRMED: Kraken's own pages disagree (2 on the newer docs, 4 on the older docs and the support article);
 * 4 is the conservative default, configurable through `historyCost`.
 */
export const DEFAULT_HISTORY_COST = 4;

/**
 * The limits for `tier` with `overrides` applied. Throws ConfigError naming every invalid field: an unknown
 * tier, or a limit that is not a finite number (max and threshold > 0, decays >= 0, open orders a whole number >= 1).
 */
export function resolveTierLimits(tier: TierName, overrides: TierLimitOverrides = {}): TierLimits {
  if (!isTierName(tier)) {
    throw new ConfigError([
      { path: 'tier', message: `unknown tier ${JSON.stringify(tier)}, expected starter|intermediate|pro` },
    ]);
  }
  const base = KRAKEN_TIER_LIMITS[tier];
  const limits: TierLimits = {
    rest: { ...base.rest, ...overrides.rest },
    trading: { ...base.trading, ...overrides.trading },
  };
  const issues: ConfigIssue[] = [];
  checkNumber(issues, 'limits.rest.max', limits.rest.max, 'positive');
  checkNumber(issues, 'limits.rest.decayPerSecond', limits.rest.decayPerSecond, 'non-negative');
  checkNumber(issues, 'limits.trading.threshold', limits.trading.threshold, 'positive');
  checkNumber(issues, 'limits.trading.decayPerSecond', limits.trading.decayPerSecond, 'non-negative');
  checkNumber(issues, 'limits.trading.maxOpenOrdersPerPair', limits.trading.maxOpenOrdersPerPair, 'count');
  if (issues.length > 0) throw new ConfigError(issues);
  return limits;
}

/** Validates a history cost (a positive finite number). */
export function resolveHistoryCost(value: number | undefined): number {
  if (value === undefined) return DEFAULT_HISTORY_COST;
  const issues: ConfigIssue[] = [];
  checkNumber(issues, 'historyCost', value, 'positive');
  if (issues.length > 0) throw new ConfigError(issues);
  return value;
}

function checkNumber(
  issues: ConfigIssue[],
  path: string,
  value: unknown,
  kind: 'positive' | 'non-negative' | 'count',
): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (kind === 'positive'
      ? value > 0
      : kind === 'non-negative'
        ? value >= 0
        : Number.isInteger(value) && value >= 1);
  if (!ok) {
    const expected = kind === 'count' ? 'a whole number >= 1' : `a finite ${kind} number`;
    issues.push({ path, message: `got ${JSON.stringify(value) ?? String(value)}, expected ${expected}` });
  }
}
