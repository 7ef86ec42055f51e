import type { Decimal } from '../money/decimal.js';
import { toOptionalDecimal } from '../money/decimal-text.js';
import { type AssetPairRaw, isPairStatus, type PairStatus } from './asset-pairs-raw.js';

/** One pair as every package reads it: AssetPairs data with decimals parsed once and currencies named. */
export interface PairInfo {
  /** The AssetPairs key (e.g. `XXBTZUSD`): the key of all per-pair state. */
  id: string;
  /** e.g. `XBTUSD`. */
  altname: string;
  /** e.g. `XBT/USD`; the altname when AssetPairs gives none. */
  wsname: string;
  /** Base and quote currency, as the currency resolver names them (`BTC`, `USD`); Kraken's codes without one. */
  base: string;
  quote: string;
  /** An unknown status string from Kraken (maintenance, delisted...) reads as `cancel_only`: fail closed. */
  status: PairStatus;
  /** Smallest volume (ordermin). */
  orderMin: Decimal | undefined;
  /** Smallest cost in quote currency (costmin). */
  costMin: Decimal | undefined;
  /** Smallest price step (tick_size). */
  tickSize: Decimal | undefined;
  pairDecimals: number | undefined;
  /** Volume decimals (lot_decimals). */
  lotDecimals: number | undefined;
  /** Leverage offered for buys / sells (empty: no margin on that side). */
  leverageBuy: readonly number[];
  leverageSell: readonly number[];
  /** Largest long / short margin position, in base currency (AssetPairs long/short_position_limit). */
  longPositionLimit: Decimal | undefined;
  shortPositionLimit: Decimal | undefined;
}

/** How {@link pairInfoOf} names currencies. */
export interface PairInfoOptions {
  /** A Kraken asset code to its currency name (`XXBT` → `BTC`); default: the code itself. */
  currencyOf?: (assetCode: string) => string;
}

/**
 * Compiles one AssetPairs entry. Decimal fields are checked through the money gate (a bad one throws a
 * ValidationError naming `pairs.<id>.<field>`); a pair without base or quote keeps its id there.
 */
export function pairInfoOf(id: string, raw: AssetPairRaw, options: PairInfoOptions = {}): PairInfo {
  const currencyOf = options.currencyOf ?? ((code: string) => code);
  const where = `pairs.${id}`;
  const altname = raw.altname ?? id;
  return {
    id,
    altname,
    wsname: raw.wsname ?? altname,
    base: currencyOf(raw.base ?? id),
    quote: currencyOf(raw.quote ?? id),
    status: isPairStatus(raw.status) ? raw.status : raw.status === undefined ? 'online' : 'cancel_only',
    orderMin: toOptionalDecimal(`${where}.ordermin`, raw.ordermin, { allowZero: true }),
    costMin: toOptionalDecimal(`${where}.costmin`, raw.costmin, { allowZero: true }),
    tickSize: toOptionalDecimal(`${where}.tick_size`, raw.tick_size, { allowZero: true }),
    pairDecimals: raw.pair_decimals,
    lotDecimals: raw.lot_decimals,
    leverageBuy: raw.leverage_buy ?? [],
    leverageSell: raw.leverage_sell ?? [],
    longPositionLimit: positionLimit(`${where}.long_position_limit`, raw.long_position_limit),
    shortPositionLimit: positionLimit(`${where}.short_position_limit`, raw.short_position_limit),
  };
}

// Kraken sends position limits as JSON integers (base currency units); they are quantities, never fractions.
function positionLimit(field: string, value: number | undefined): Decimal | undefined {
  if (value === undefined) return undefined;
  const text = Number.isSafeInteger(value) && value >= 0 ? String(value) : `invalid:${value}`;
  return toOptionalDecimal(field, text, { allowZero: true });
}
