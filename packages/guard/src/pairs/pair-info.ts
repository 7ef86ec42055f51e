import { type Dec, toOptionalDecimal } from '../decimal.js';
import type { AllowanceTable } from '../tables/allowance-table.js';
import { type AssetPairRaw, isPairStatus, type PairStatus } from './asset-pairs-raw.js';
import type { PairOverride } from './pair-override.js';

/** Everything the rules need to know about one pair, compiled once (decimals parsed, currencies resolved). */
export interface PairInfo {
  /** The AssetPairs key (e.g. `XXBTZUSD`) or the override's name: the key of all per-pair state. */
  id: string;
  altname: string;
  wsname: string | undefined;
  /** Base and quote as the allowance table names them (BTC, USD): the pools a short and a long borrow from. */
  base: string;
  quote: string;
  status: PairStatus;
  ordermin: Dec | undefined;
  costmin: Dec | undefined;
  tickSize: Dec | undefined;
  pairDecimals: number | undefined;
  lotDecimals: number | undefined;
  leverageBuy: readonly number[];
  leverageSell: readonly number[];
  longPositionLimit: Dec | undefined;
  shortPositionLimit: Dec | undefined;
  maxLeverage: number | undefined;
  maxOrderNotional: Dec | undefined;
  maxPairNotional: Dec | undefined;
  maxOpenOrders: number | undefined;
  priceBandBps: number | undefined;
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
): PairInfo {
  const baseCode = override?.base ?? raw?.base ?? id;
  const quoteCode = override?.quote ?? raw?.quote ?? id;
  const base = table.currencyOf(baseCode);
  const where = `pairs.${id}`;
  return {
    id,
    altname: raw?.altname ?? id,
    wsname: raw?.wsname,
    base,
    quote: table.currencyOf(quoteCode),
    status: statusOf(raw, override, table.rowOf(base).reduceOnly),
    ordermin: toOptionalDecimal(`${where}.ordermin`, override?.ordermin ?? raw?.ordermin),
    costmin: toOptionalDecimal(`${where}.costmin`, override?.costmin ?? raw?.costmin),
    tickSize: toOptionalDecimal(`${where}.tick_size`, override?.tickSize ?? raw?.tick_size),
    pairDecimals: override?.pairDecimals ?? raw?.pair_decimals,
    lotDecimals: override?.lotDecimals ?? raw?.lot_decimals,
    leverageBuy: override?.leverageBuy ?? raw?.leverage_buy ?? [],
    leverageSell: override?.leverageSell ?? raw?.leverage_sell ?? [],
    longPositionLimit: toOptionalDecimal(
      `${where}.long_position_limit`,
      override?.longPositionLimit ?? integerText(raw?.long_position_limit),
    ),
    shortPositionLimit: toOptionalDecimal(
      `${where}.short_position_limit`,
      override?.shortPositionLimit ?? integerText(raw?.short_position_limit),
    ),
    maxLeverage: override?.maxLeverage,
    maxOrderNotional: toOptionalDecimal(`${where}.maxOrderNotional`, override?.maxOrderNotional),
    maxPairNotional: toOptionalDecimal(`${where}.maxPairNotional`, override?.maxPairNotional),
    maxOpenOrders: override?.maxOpenOrders,
    priceBandBps: override?.priceBandBps,
  };
}

function statusOf(
  raw: AssetPairRaw | undefined,
  override: PairOverride | undefined,
  baseReduceOnly: boolean,
): PairStatus {
  // An unknown status string from Kraken (maintenance, delisted...) is read as cancel_only: fail closed.
  const declared = override?.status ?? (raw?.status === undefined ? 'online' : raw.status);
  const status: PairStatus = isPairStatus(declared) ? declared : 'cancel_only';
  if (baseReduceOnly && status !== 'cancel_only') return 'reduce_only';
  return status;
}

// Kraken sends position limits as JSON integers (base currency units); they are quantities, never fractions.
function integerText(value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Number.isSafeInteger(value) && value >= 0 ? String(value) : `invalid:${value}`;
}
