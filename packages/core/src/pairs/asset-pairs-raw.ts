/**
 * The fields of one Kraken AssetPairs entry krakenkit reads (GET /0/public/AssetPairs, docs/kraken/rest-endpoints.md),
 * in Kraken's own wire shape. Extra fields are ignored. Decimal values arrive as strings; decimals and limits as
 * integers.
 */
export interface AssetPairRaw {
  altname?: string | undefined;
  wsname?: string | undefined;
  base?: string | undefined;
  quote?: string | undefined;
  pair_decimals?: number | undefined;
  lot_decimals?: number | undefined;
  leverage_buy?: readonly number[] | undefined;
  leverage_sell?: readonly number[] | undefined;
  ordermin?: string | undefined;
  costmin?: string | undefined;
  tick_size?: string | undefined;
  status?: string | undefined;
  long_position_limit?: number | undefined;
  short_position_limit?: number | undefined;
}

/** AssetPairs `result`: pair id (e.g. `XXBTZUSD`) → entry. */
export type AssetPairsRaw = Readonly<Record<string, AssetPairRaw>>;

/** Kraken's pair statuses (AssetPairs `status`). */
export const PAIR_STATUSES = ['online', 'cancel_only', 'post_only', 'limit_only', 'reduce_only'] as const;
/** One of Kraken's pair statuses. */
export type PairStatus = (typeof PAIR_STATUSES)[number];

/** Whether `value` is one of Kraken's pair statuses. */
export function isPairStatus(value: unknown): value is PairStatus {
  return typeof value === 'string' && (PAIR_STATUSES as readonly string[]).includes(value);
}
