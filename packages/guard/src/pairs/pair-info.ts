import { type AllowanceTable, type AssetPairRaw, type PairInfo, pairInfoOf } from '@krakenkit/core';
import { type Dec, toOptionalDecimal } from '../decimal.js';
import type { PairOverride } from './pair-override.js';

/**
 * A pair as the rules read it: core's PairInfo (AssetPairs, compiled once; base and quote named as the allowance
 * table names them, the pools a short and a long borrow from) with config overrides on top, plus the guard's own
 * per-pair limits.
 */
export interface GuardPair extends PairInfo {
  maxLeverage: number | undefined;
  maxOrderNotional: Dec | undefined;
  maxPairNotional: Dec | undefined;
  maxOpenOrders: number | undefined;
  /** `false`: no band on this pair; undefined: the global one. */
  priceBandBps: number | false | undefined;
}

/**
 * Builds a pair from its AssetPairs entry (when Kraken sent one) with the YAML override on top. A pair whose base
 * currency is reduce-only in the allowance table (KEEP) is `reduce_only` whatever AssetPairs says, unless
 * AssetPairs or config name a stricter status (cancel_only).
 */
export function compilePair(
  id: string,
  raw: AssetPairRaw | undefined,
  override: PairOverride | undefined,
  table: AllowanceTable,
): GuardPair {
  const merged: AssetPairRaw = override === undefined ? (raw ?? {}) : { ...raw, ...krakenFieldsOf(override) };
  const info = pairInfoOf(id, merged, { currencyOf: (code) => table.currencyOf(code) });
  const where = `pairs.${id}`;
  const reduceOnly = table.rowOf(info.base).reduceOnly && info.status !== 'cancel_only';
  return {
    ...info,
    status: reduceOnly ? 'reduce_only' : info.status,
    longPositionLimit:
      override?.longPositionLimit === undefined
        ? info.longPositionLimit
        : toOptionalDecimal(`${where}.long_position_limit`, override.longPositionLimit),
    shortPositionLimit:
      override?.shortPositionLimit === undefined
        ? info.shortPositionLimit
        : toOptionalDecimal(`${where}.short_position_limit`, override.shortPositionLimit),
    maxLeverage: override?.maxLeverage,
    maxOrderNotional: toOptionalDecimal(`${where}.maxOrderNotional`, override?.maxOrderNotional),
    maxPairNotional: toOptionalDecimal(`${where}.maxPairNotional`, override?.maxPairNotional),
    maxOpenOrders: override?.maxOpenOrders,
    priceBandBps: override?.priceBandBps,
  };
}

// The override's AssetPairs fields under Kraken's own names (position limits stay apart: config writes them as
// decimal text, AssetPairs as integers).
function krakenFieldsOf(override: PairOverride): AssetPairRaw {
  const fields: Record<string, unknown> = {
    base: override.base,
    quote: override.quote,
    status: override.status,
    ordermin: override.ordermin,
    costmin: override.costmin,
    tick_size: override.tickSize,
    pair_decimals: override.pairDecimals,
    lot_decimals: override.lotDecimals,
    leverage_buy: override.leverageBuy,
    leverage_sell: override.leverageSell,
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  return fields as AssetPairRaw;
}
