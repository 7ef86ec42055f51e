import { type AllowanceTable, type AssetPairsRaw, PairIndex } from '@krakenkit/core';
import { compilePair, type GuardPair } from './pair-info.js';
import type { PairOverride } from './pair-override.js';

/** The guard's pairs, found by any name (core's PairIndex), and the config overrides that matched none. */
export interface GuardPairs {
  index: PairIndex<GuardPair>;
  /** Config `pairs:` entries that matched no AssetPairs entry and define no pair themselves (typos, delistings). */
  unmatched: readonly string[];
}

/**
 * Builds the guard's pairs from AssetPairs with the config's `pairs:` overrides on top. An override is matched by
 * any name of the pair (id, altname, wsname, BASE/QUOTE); one with base and quote and no match defines a pair of
 * its own (offline use, tests, a pair AssetPairs has not sent yet).
 */
export function buildGuardPairs(
  assetPairs: AssetPairsRaw,
  overrides: Readonly<Record<string, PairOverride>>,
  table: AllowanceTable,
): GuardPairs {
  const index = new PairIndex<GuardPair>();
  const unmatched: string[] = [];
  const byName = new Map(Object.keys(overrides).map((name) => [name.toUpperCase(), name]));
  const used = new Set<string>();
  for (const [id, raw] of Object.entries(assetPairs)) {
    const display =
      raw.base && raw.quote ? `${table.currencyOf(raw.base)}/${table.currencyOf(raw.quote)}` : undefined;
    const name = [id, raw.altname, raw.wsname, display]
      .map((n) => byName.get(n?.toUpperCase() ?? ''))
      .find(Boolean);
    const override = name === undefined ? undefined : overrides[name];
    if (name !== undefined) used.add(name);
    // Without base and quote the pools cannot be named (AssetPairs info=leverage|fees subsets): unknown pair.
    if ((override?.base ?? raw.base) === undefined || (override?.quote ?? raw.quote) === undefined) continue;
    index.add(compilePair(id, raw, override, table));
  }
  for (const [name, override] of Object.entries(overrides)) {
    if (used.has(name)) continue;
    if (override.base === undefined || override.quote === undefined) unmatched.push(name);
    else index.add(compilePair(name, undefined, override, table));
  }
  return { index, unmatched };
}
