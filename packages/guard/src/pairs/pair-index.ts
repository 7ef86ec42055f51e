import type { AllowanceTable } from '../tables/allowance-table.js';
import type { AssetPairsRaw } from './asset-pairs-raw.js';
import { compilePair, type PairInfo } from './pair-info.js';
import type { PairOverride } from './pair-override.js';

/**
 * Finds a pair by any name Kraken or a user gives it: the AssetPairs id (`XXBTZUSD`), altname (`XBTUSD`), WS v1
 * wsname (`XBT/USD`) or WS v2 symbol (`BTC/USD`, built from the table's currency names). Lookup is one Map get.
 */
export class PairIndex {
  readonly #byName = new Map<string, PairInfo>();
  readonly #pairs: PairInfo[] = [];
  readonly #unmatched: string[] = [];

  constructor(
    assetPairs: AssetPairsRaw,
    overrides: Readonly<Record<string, PairOverride>>,
    table: AllowanceTable,
  ) {
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
      if ((override?.base ?? raw.base) === undefined || (override?.quote ?? raw.quote) === undefined)
        continue;
      this.#add(compilePair(id, raw, override, table));
    }
    for (const [name, override] of Object.entries(overrides)) {
      if (used.has(name)) continue;
      // An override without base and quote names a pair AssetPairs has not described: nothing to build yet.
      if (override.base === undefined || override.quote === undefined) this.#unmatched.push(name);
      else this.#add(compilePair(name, undefined, override, table));
    }
  }

  /** Config `pairs:` entries that matched no AssetPairs entry and define no pair themselves (typos, delistings). */
  unmatchedOverrides(): readonly string[] {
    return this.#unmatched;
  }

  /** The pair, or undefined when no name matches (the guard then refuses: fail closed). */
  get(name: string): PairInfo | undefined {
    return this.#byName.get(name) ?? this.#byName.get(name.toUpperCase());
  }

  all(): readonly PairInfo[] {
    return this.#pairs;
  }

  #add(pair: PairInfo): void {
    this.#pairs.push(pair);
    const names = [pair.id, pair.altname, pair.wsname, `${pair.base}/${pair.quote}`];
    for (const name of names) if (name !== undefined) this.#byName.set(name.toUpperCase(), pair);
  }
}
