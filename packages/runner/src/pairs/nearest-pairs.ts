import type { PairInfo } from '@krakenkit/core';

/** How many names a "did you mean" offers. */
export const NEAREST_PAIRS_SHOWN = 3;

// Names people write for Kraken's own asset codes, tried as well so `BTC/USDX` and `btcusdd` find XBT/USD.
const COMMON_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/BTC/g, 'XBT'],
  [/DOGE/g, 'XDG'],
];

/**
 * The exchange's pairs closest to a name it does not list, by edit distance (case-insensitive, an adjacent swap
 * counting as one edit) to each pair's altname and wsname: `ETH/USDX` → `ETH/USD`, `ETH/USDC`, `ETH/USDT`. Only
 * names within a third of the name's length (at least 1, at most 3 edits) are offered; ties go to the longer
 * common start, then to alphabetical order. Returns wsnames.
 */
export function nearestPairs(
  name: string,
  pairs: readonly PairInfo[],
  limit = NEAREST_PAIRS_SHOWN,
): string[] {
  const queries = spellings(name.trim().toUpperCase());
  const query = queries[0] ?? '';
  const within = Math.min(3, Math.max(1, Math.floor(query.length / 3)));
  const ranked: Array<{ wsname: string; distance: number; prefix: number }> = [];
  for (const pair of pairs) {
    let distance = Number.POSITIVE_INFINITY;
    for (const candidate of [pair.altname, pair.wsname]) {
      for (const spelling of queries)
        distance = Math.min(distance, editDistance(spelling, candidate.toUpperCase(), within));
    }
    if (distance <= within)
      ranked.push({ wsname: pair.wsname, distance, prefix: commonStart(query, pair.wsname.toUpperCase()) });
  }
  ranked.sort(
    (a, b) => a.distance - b.distance || b.prefix - a.prefix || a.wsname.localeCompare(b.wsname, 'en'),
  );
  return [...new Set(ranked.map((entry) => entry.wsname))].slice(0, limit);
}

function spellings(upper: string): string[] {
  let common = upper;
  for (const [pattern, kraken] of COMMON_NAMES) common = common.replace(pattern, kraken);
  return common === upper ? [upper] : [upper, common];
}

function commonStart(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length += 1;
  return length;
}

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps), giving up with
 * `bound + 1` as soon as every alignment costs more than `bound` (most of a 1,000-pair list is far away).
 */
export function editDistance(a: string, b: string, bound = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let cost = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        cost = Math.min(cost, (beforePrevious[j - 2] ?? 0) + 1);
      current.push(cost);
      rowBest = Math.min(rowBest, cost);
    }
    if (rowBest > bound) return bound + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? 0, bound + 1);
}
