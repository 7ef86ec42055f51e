import type { AssetPairsRaw } from './asset-pairs-raw.js';
import { type PairInfo, type PairInfoOptions, pairInfoOf } from './pair-info.js';

// Names people write for Kraken's own asset codes (BTC/USD for XBT/USD, DOGE for XDG).
const COMMON_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/\bBTC\b/g, 'XBT'],
  [/\bDOGE\b/g, 'XDG'],
];

/**
 * Finds a pair by any name Kraken or a person gives it: the AssetPairs id (`XXBTZUSD`), altname (`XBTUSD`), WS v1
 * wsname (`XBT/USD`), WS v2 symbol (`BTC/USD`, from the currency names), any of them in any case, and the common
 * names people write (`BTC`, `DOGE`, a missing slash). A name given exactly as indexed costs one Map get.
 */
export class PairIndex<P extends PairInfo = PairInfo> {
  readonly #byName = new Map<string, P>();
  readonly #pairs: P[] = [];

  constructor(pairs: Iterable<P> = []) {
    for (const pair of pairs) this.add(pair);
  }

  /** Every AssetPairs entry that names its base and quote, as a PairInfo (entries without them are skipped). */
  static fromAssetPairs(assetPairs: AssetPairsRaw, options: PairInfoOptions = {}): PairIndex {
    const index = new PairIndex();
    for (const [id, raw] of Object.entries(assetPairs)) {
      // Without base and quote the pools cannot be named (AssetPairs info=leverage|fees subsets): unknown pair.
      if (raw.base === undefined || raw.quote === undefined) continue;
      index.add(pairInfoOf(id, raw, options));
    }
    return index;
  }

  /**
   * Adds a pair under all its names (a later pair with the same name wins that name). The currency names without
   * the slash (`BTCUSD`) are a name people write, never one Kraken gives: they never take a name a pair holds.
   */
  add(pair: P): void {
    this.#pairs.push(pair);
    for (const name of [pair.id, pair.altname, pair.wsname, `${pair.base}/${pair.quote}`]) {
      this.#byName.set(name.toUpperCase(), pair);
    }
    const written = `${pair.base}${pair.quote}`.toUpperCase();
    if (!this.#byName.has(written)) this.#byName.set(written, pair);
  }

  /** The pair, or undefined when no name matches (callers refuse then: fail closed). */
  get(name: string): P | undefined {
    const exact = this.#byName.get(name);
    if (exact !== undefined || typeof name !== 'string') return exact;
    const upper = name.trim().toUpperCase();
    const direct = this.#byName.get(upper) ?? this.#byName.get(upper.replace('/', ''));
    if (direct !== undefined) return direct;
    let common = upper;
    for (const [pattern, kraken] of COMMON_NAMES) common = common.replace(pattern, kraken);
    return this.#byName.get(common) ?? this.#byName.get(common.replace('/', ''));
  }

  /** Every pair, in the order they were added. */
  all(): readonly P[] {
    return this.#pairs;
  }
}
