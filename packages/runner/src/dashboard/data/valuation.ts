import type { AssetPairsResult, TickerResult } from '@krakenkit/client';
import { Decimal, type DecimalInput } from '@krakenkit/core';
import { USD_CODES } from '../../engine/usd-prices.js';

/** The currency the tier table states its limits in (`withdrawalDailyUsd`, `fiatDepositDailyUsd`). */
export const TIER_CURRENCY = 'USD';

/** The pair that prices an asset in the tier's currency: `<asset>/USD`, or `USD/<asset>` read inverted. */
export interface PricingPair {
  asset: string;
  /** AssetPairs id, e.g. `ZEURZUSD`, `ZUSDZJPY`. */
  pair: string;
  /** True when the asset is the pair's quote (`USD/JPY`): its price is 1 / the pair's. */
  inverted: boolean;
}

/** An asset's price in the tier's currency as the exchange's ticker gave it (decimal text). */
export interface AssetPrice extends PricingPair {
  /** Tier currency per unit of the asset: the pair's mid ((bid + ask) / 2), or 1 / it when inverted (20 digits). */
  price: string;
}

/** Prices read at one time, and why the others are missing. */
export interface Prices {
  currency: typeof TIER_CURRENCY;
  /** When the ticker was read (epoch ms); null: never. */
  at: number | null;
  prices: AssetPrice[];
  /** Assets that could not be priced, each with the reason. */
  missing: Array<{ asset: string; reason: string }>;
  /** Why the ticker could not be read (the prices are then those of the last read, if any). */
  error?: string;
}

/** An amount in the tier's currency, or why it has none. */
export type Valued = { value: Decimal; reason?: undefined } | { value?: undefined; reason: string };

/**
 * The pairs that price each asset in the tier's currency, from AssetPairs: `<asset>/USD` first, else `USD/<asset>`
 * (inverted). Only the asset's own code counts (a suffixed balance such as `XXBT.F` or `ETH2.S` is another
 * asset), dark-pool pairs (`….d`) are skipped, and an asset with neither pair is left out: it is never valued
 * through a third currency or by its name.
 */
export function pricingPairs(
  assetPairs: AssetPairsResult,
  assets: Iterable<string>,
): Map<string, PricingPair> {
  const wanted = new Set([...assets].filter((asset) => !USD_CODES.has(asset)));
  const direct = new Map<string, PricingPair>();
  const inverse = new Map<string, PricingPair>();
  for (const id of Object.keys(assetPairs).sort()) {
    if (id.includes('.')) continue;
    const { base, quote } = assetPairs[id] as { base?: string; quote?: string };
    if (base === undefined || quote === undefined) continue;
    if (USD_CODES.has(quote) && wanted.has(base) && !direct.has(base))
      direct.set(base, { asset: base, pair: id, inverted: false });
    if (USD_CODES.has(base) && wanted.has(quote) && !inverse.has(quote))
      inverse.set(quote, { asset: quote, pair: id, inverted: true });
  }
  return new Map(
    [...wanted].flatMap((asset) => {
      const pair = direct.get(asset) ?? inverse.get(asset);
      return pair === undefined ? [] : [[asset, pair] as const];
    }),
  );
}

/**
 * Prices `assets` from a Ticker answer over their pricing pairs. An asset with no pair, or whose pair the ticker
 * did not answer for (or answered with no bid or ask), is listed in `missing` with the reason.
 */
export function pricesFrom(
  pairs: ReadonlyMap<string, PricingPair>,
  ticker: TickerResult,
  assets: Iterable<string>,
  at: number,
): Prices {
  const prices: AssetPrice[] = [];
  const missing: Prices['missing'] = [];
  for (const asset of new Set(assets)) {
    if (USD_CODES.has(asset)) continue;
    const pair = pairs.get(asset);
    if (pair === undefined) {
      missing.push({
        asset,
        reason: `no ${asset}/${TIER_CURRENCY} or ${TIER_CURRENCY}/${asset} pair on the exchange`,
      });
      continue;
    }
    const info = ticker[pair.pair];
    const bid = new Decimal(info?.b[0] ?? '0');
    const ask = new Decimal(info?.a[0] ?? '0');
    if (!bid.gt(0) || !ask.gt(0)) {
      missing.push({ asset, reason: `the ticker gave no bid and ask for ${pair.pair}` });
      continue;
    }
    const mid = bid.plus(ask).div(2);
    // 1 / mid is cut at 20 significant digits (a relative error of 1e-20): its 64 would only be noise on the page.
    const price = pair.inverted ? new Decimal(1).div(mid).toSignificantDigits(20) : mid;
    prices.push({ ...pair, price: price.toFixed() });
  }
  return { currency: TIER_CURRENCY, at, prices, missing };
}

/** `amount` of `asset` in the tier's currency at `prices`, or why it cannot be valued. */
export function valueInTier(prices: Prices, asset: string, amount: DecimalInput): Valued {
  if (USD_CODES.has(asset)) return { value: new Decimal(amount) };
  const price = prices.prices.find((entry) => entry.asset === asset);
  if (price !== undefined) return { value: new Decimal(amount).times(price.price) };
  const missing = prices.missing.find((entry) => entry.asset === asset);
  return { reason: missing?.reason ?? `${asset} was not priced` };
}

/**
 * The sum of several amounts in the tier's currency, or the assets that could not be valued (then no sum: a
 * total missing a part would read as the whole).
 */
export function sumOf(
  prices: Prices,
  amounts: Iterable<{ asset: string; amount: DecimalInput }>,
):
  | { total: Decimal; unvalued: [] }
  | { total: undefined; unvalued: Array<{ asset: string; reason: string }> } {
  let total = new Decimal(0);
  const unvalued: Array<{ asset: string; reason: string }> = [];
  for (const { asset, amount } of amounts) {
    const valued = valueInTier(prices, asset, amount);
    if (valued.value === undefined) {
      if (!unvalued.some((entry) => entry.asset === asset)) unvalued.push({ asset, reason: valued.reason });
    } else total = total.plus(valued.value);
  }
  return unvalued.length === 0 ? { total, unvalued: [] } : { total: undefined, unvalued };
}
