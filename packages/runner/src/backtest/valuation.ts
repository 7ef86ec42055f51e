import { Decimal } from '@krakenkit/core';
import { USD_CODES } from '../engine/usd-prices.js';
import type { PairMarket } from './pair-market.js';

const ONE = new Decimal(1);

/**
 * What a quote currency is worth in USD during a backtest: 1 for USD; the latest price of its USD pair when that
 * pair is in the data; else the price the exchange had for it at the start (the guard's seed). Undefined when none
 * is known (its amounts are then left out of USD totals, and the report says so).
 */
export class Valuation {
  readonly #markets: ReadonlyMap<string, PairMarket>;
  readonly #startPrices: Readonly<Record<string, string>>;
  readonly #cache = new Map<string, { price: string; rate: Decimal }>();

  constructor(markets: readonly PairMarket[], startPrices: Readonly<Record<string, string>>) {
    const byBase = new Map<string, PairMarket>();
    for (const market of markets)
      if (USD_CODES.has(market.pair.quote) && !byBase.has(market.pair.base))
        byBase.set(market.pair.base, market);
    this.#markets = byBase;
    this.#startPrices = startPrices;
  }

  /** USD per unit of `asset`, now. */
  usdRate(asset: string): Decimal | undefined {
    if (USD_CODES.has(asset)) return ONE;
    const price = this.#markets.get(asset)?.price ?? this.#startPrices[asset];
    if (price === undefined) return undefined;
    const cached = this.#cache.get(asset);
    if (cached?.price === price) return cached.rate;
    const rate = new Decimal(price);
    this.#cache.set(asset, { price, rate });
    return rate;
  }
}

/** A market's latest price as a Decimal (cached per price text). */
export class Marks {
  readonly #cache = new Map<string, { price: string; mark: Decimal }>();

  of(market: PairMarket): Decimal | undefined {
    const price = market.price;
    if (price === undefined) return undefined;
    const cached = this.#cache.get(market.pair.id);
    if (cached?.price === price) return cached.mark;
    const mark = new Decimal(price);
    this.#cache.set(market.pair.id, { price, mark });
    return mark;
  }
}
