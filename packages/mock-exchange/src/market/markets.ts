import { type Decimal, ONE, ZERO } from '../core/decimal.js';
import { PairMarket } from './pair-market.js';
import type { MarketCatalog, Pair } from './pairs.js';

const USD = 'ZUSD';

/**
 * All simulated pair markets plus valuation: what an amount of any asset is worth in USD at the current mids
 * (directly, inverted, or through XBT), for collateral, 30-day volume and withdrawal limits.
 */
export class Markets {
  readonly #byPair = new Map<string, PairMarket>();

  constructor(
    readonly catalog: MarketCatalog,
    seed: string,
    nextTradeId: () => number,
  ) {
    for (const pair of catalog.pairs) this.#byPair.set(pair.id, new PairMarket(pair, seed, nextTradeId));
  }

  of(pair: Pair): PairMarket {
    const market = this.#byPair.get(pair.id);
    if (market === undefined) throw new Error(`no market for ${pair.id}`);
    return market;
  }

  all(): Iterable<PairMarket> {
    return this.#byPair.values();
  }

  /** USD price of one unit of `asset`; undefined when no route to USD exists. */
  usdPrice(asset: string): Decimal | undefined {
    const id = this.catalog.findAsset(asset)?.id ?? asset;
    if (id === USD) return ONE;
    const direct = this.#price(id, USD);
    if (direct !== undefined) return direct;
    const viaXbt = this.#price(id, 'XXBT');
    const xbtUsd = this.#price('XXBT', USD);
    return viaXbt !== undefined && xbtUsd !== undefined ? viaXbt.times(xbtUsd) : undefined;
  }

  /** USD value of an amount (0 for assets with no route to USD: they are not counted). */
  usdValue(asset: string, amount: Decimal): Decimal {
    return amount.times(this.usdPrice(asset) ?? ZERO);
  }

  /** Price of one `base` in `quote` from a listed pair in either direction. */
  #price(base: string, quote: string): Decimal | undefined {
    for (const market of this.#byPair.values()) {
      const { pair } = market;
      if (pair.base === base && pair.quote === quote) return market.mid;
      if (pair.base === quote && pair.quote === base) return ONE.div(market.mid);
    }
    return undefined;
  }
}
