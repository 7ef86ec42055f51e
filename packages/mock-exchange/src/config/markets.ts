import { MockConfigError } from './config-error.js';
import {
  decimalText,
  integer,
  list,
  oneOf,
  optionalDecimalText,
  optionalInteger,
  optionalText,
  record,
  text,
} from './readers.js';

export const PAIR_STATUSES = ['online', 'cancel_only', 'post_only', 'limit_only', 'reduce_only'] as const;
/** AssetPairs `status`. */
export type PairStatus = (typeof PAIR_STATUSES)[number];

/** An asset as configured (Kraken's Assets fields plus the mock's funding data). */
export interface AssetConfig {
  /** Kraken asset id, e.g. `XXBT`, `ZUSD`, `SOL`. */
  id: string;
  altname: string;
  decimals: number;
  display_decimals: number;
  collateral_value?: string;
  /** Flat withdrawal fee in the asset. */
  withdraw_fee?: string;
  withdraw_minimum?: string;
  /** Funding method name (DepositMethods / WithdrawInfo `method`). */
  method?: string;
}

/** A pair as configured: Kraken's AssetPairs fields plus the simulation's starting price and volatility. */
export interface PairConfig {
  /** Pair id, e.g. `XXBTZUSD`. */
  id: string;
  altname: string;
  wsname: string;
  base: string;
  quote: string;
  pair_decimals: number;
  lot_decimals: number;
  cost_decimals: number;
  ordermin: string;
  costmin: string;
  tick_size: string;
  leverage_buy?: number[];
  leverage_sell?: number[];
  long_position_limit?: number;
  short_position_limit?: number;
  margin_call?: number;
  margin_stop?: number;
  status?: PairStatus;
  /** Starting mid price (a multiple of tick_size). */
  price: string;
  /** Largest relative move of one random-walk step, e.g. "0.0005" = ±0.05 %. */
  volatility?: string;
  /** Half the bid/ask spread, in ticks. */
  half_spread_ticks?: number;
}

export function readAssets(value: unknown, path: string): AssetConfig[] {
  return Object.entries(record(value, path)).map(([id, raw]) => readAsset(id, raw, `${path}.${id}`));
}

function readAsset(id: string, raw: unknown, path: string): AssetConfig {
  const a = record(raw, path);
  const asset: AssetConfig = {
    id,
    altname: text(a['altname'], `${path}.altname`),
    decimals: integer(a['decimals'], `${path}.decimals`),
    display_decimals: integer(a['display_decimals'], `${path}.display_decimals`),
  };
  assign(asset, 'collateral_value', optionalDecimalText(a['collateral_value'], `${path}.collateral_value`));
  assign(asset, 'withdraw_fee', optionalDecimalText(a['withdraw_fee'], `${path}.withdraw_fee`));
  assign(asset, 'withdraw_minimum', optionalDecimalText(a['withdraw_minimum'], `${path}.withdraw_minimum`));
  assign(asset, 'method', optionalText(a['method'], `${path}.method`));
  return asset;
}

export function readPairs(value: unknown, path: string): PairConfig[] {
  return Object.entries(record(value, path)).map(([id, raw]) => readPair(id, raw, `${path}.${id}`));
}

function readPair(id: string, raw: unknown, path: string): PairConfig {
  const p = record(raw, path);
  const pair: PairConfig = {
    id,
    altname: text(p['altname'], `${path}.altname`),
    wsname: text(p['wsname'], `${path}.wsname`),
    base: text(p['base'], `${path}.base`),
    quote: text(p['quote'], `${path}.quote`),
    pair_decimals: integer(p['pair_decimals'], `${path}.pair_decimals`),
    lot_decimals: integer(p['lot_decimals'], `${path}.lot_decimals`),
    cost_decimals: integer(p['cost_decimals'], `${path}.cost_decimals`),
    ordermin: decimalText(p['ordermin'], `${path}.ordermin`),
    costmin: decimalText(p['costmin'], `${path}.costmin`),
    tick_size: decimalText(p['tick_size'], `${path}.tick_size`),
    price: decimalText(p['price'], `${path}.price`),
    leverage_buy: list(p['leverage_buy'], `${path}.leverage_buy`).map((v, i) =>
      integer(v, `${path}.leverage_buy[${i}]`),
    ),
    leverage_sell: list(p['leverage_sell'], `${path}.leverage_sell`).map((v, i) =>
      integer(v, `${path}.leverage_sell[${i}]`),
    ),
  };
  assign(
    pair,
    'long_position_limit',
    optionalInteger(p['long_position_limit'], `${path}.long_position_limit`),
  );
  assign(
    pair,
    'short_position_limit',
    optionalInteger(p['short_position_limit'], `${path}.short_position_limit`),
  );
  assign(pair, 'margin_call', optionalInteger(p['margin_call'], `${path}.margin_call`));
  assign(pair, 'margin_stop', optionalInteger(p['margin_stop'], `${path}.margin_stop`));
  assign(pair, 'volatility', optionalDecimalText(p['volatility'], `${path}.volatility`));
  assign(pair, 'half_spread_ticks', optionalInteger(p['half_spread_ticks'], `${path}.half_spread_ticks`));
  if (p['status'] !== undefined) pair.status = oneOf(p['status'], `${path}.status`, PAIR_STATUSES);
  return pair;
}

/** Checks cross references: every pair's base and quote is a configured asset. */
export function checkMarketReferences(assets: readonly AssetConfig[], pairs: readonly PairConfig[]): void {
  const ids = new Set(assets.map((a) => a.id));
  for (const pair of pairs) {
    for (const side of ['base', 'quote'] as const) {
      if (!ids.has(pair[side])) {
        throw new MockConfigError(`pairs.${pair.id}.${side}`, `asset ${pair[side]} is not configured`);
      }
    }
  }
}

/** Sets an optional property only when a value exists (exactOptionalPropertyTypes forbids `key: undefined`). */
export function assign<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}
