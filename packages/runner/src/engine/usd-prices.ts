import type { AssetPairsResult } from '@krakenkit/client';

/** Kraken's codes for the US dollar (AssetPairs quotes, Balance keys). */
export const USD_CODES: ReadonlySet<string> = new Set(['ZUSD', 'USD']);

/**
 * Pairs that give the USD price of each asset (its `<asset>/USD` pair, by AssetPairs id), so the guard can value
 * the account's equity and its PnL in USD: the equity cap and the loss limits count in USD. An asset with no USD
 * pair is left out (its balance then does not count as equity: the cap is stricter, never looser).
 */
export function usdPricePairs(assetPairs: AssetPairsResult, assets: Iterable<string>): Map<string, string> {
  const wanted = new Set([...assets].filter((asset) => !USD_CODES.has(asset)));
  const found = new Map<string, string>();
  for (const [id, raw] of Object.entries(assetPairs)) {
    const { base, quote } = raw as { base?: string; quote?: string };
    if (base === undefined || quote === undefined || !USD_CODES.has(quote) || !wanted.has(base)) continue;
    if ([...found.values()].includes(base)) continue;
    found.set(id, base);
  }
  return found;
}
