import type { PairStatus } from '@krakenkit/core';

/**
 * Guard YAML `pairs.<name>`: overrides of a pair's AssetPairs data plus the guard's own per-pair limits.
 * With `base` and `quote` it defines a pair on its own (offline use, tests, a pair AssetPairs has not sent yet).
 */
export interface PairOverride {
  base?: string | undefined;
  quote?: string | undefined;
  status?: PairStatus | undefined;
  ordermin?: string | undefined;
  costmin?: string | undefined;
  tickSize?: string | undefined;
  pairDecimals?: number | undefined;
  lotDecimals?: number | undefined;
  leverageBuy?: readonly number[] | undefined;
  leverageSell?: readonly number[] | undefined;
  /** Largest long margin position on the pair, in base currency (AssetPairs long_position_limit). */
  longPositionLimit?: string | undefined;
  /** Largest short margin position on the pair, in base currency (AssetPairs short_position_limit). */
  shortPositionLimit?: string | undefined;
  /** Guard's own cap on leverage for this pair (below the tier's and the pair's). */
  maxLeverage?: number | undefined;
  /** Largest notional of a single order, in quote currency. */
  maxOrderNotional?: string | undefined;
  /** Largest notional on the pair (open orders + margin positions), in quote currency. */
  maxPairNotional?: string | undefined;
  /** Largest number of open orders on the pair (below the tier's maxOpenOrdersPerPair). */
  maxOpenOrders?: number | undefined;
  /** Price band around the reference mid, in basis points; `false`: none on this pair, whatever `sanity` says. */
  priceBandBps?: number | false | undefined;
}
