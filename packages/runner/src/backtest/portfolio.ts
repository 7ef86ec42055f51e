import { Decimal } from '@krakenkit/core';
import type { BacktestCollector } from './collector.js';
import type { PositionBook } from './ledger.js';
import type { PairMarket } from './pair-market.js';
import type { PnlCurve } from './pnl-curve.js';
import { Marks, type Valuation } from './valuation.js';

const ZERO = new Decimal(0);

interface Held {
  book: PositionBook;
  market: PairMarket;
  /** The book's cost basis (average price × position): unrealised PnL = mark × position − basis. */
  basis: Decimal;
}

/**
 * The bots' PnL in USD, marked to market, for the curve: what fills closed (realised less fees and margin costs)
 * is summed once per change; only books holding a position are marked at each sample.
 */
export class Portfolio {
  readonly marks = new Marks();
  readonly #collector: BacktestCollector;
  readonly #valuation: Valuation;
  readonly #markets: ReadonlyMap<string, PairMarket>;
  readonly #held = new Map<PositionBook, Held>();
  #closed: Decimal | undefined = ZERO;

  constructor(collector: BacktestCollector, valuation: Valuation, markets: readonly PairMarket[]) {
    this.#collector = collector;
    this.#valuation = valuation;
    this.#markets = new Map(markets.map((market) => [market.pair.id, market]));
  }

  /** A fill changed a book. */
  changed(book: PositionBook): void {
    this.#closed = undefined;
    const market = this.#markets.get(book.pair);
    if (book.position.isZero() || market === undefined) this.#held.delete(book);
    else this.#held.set(book, { book, market, basis: book.basis });
  }

  /** The margin costs changed (a rollover was charged). */
  charged(): void {
    this.#closed = undefined;
  }

  /** Samples the PnL into the curve. */
  sample(curve: PnlCurve, at: number): void {
    const closed = this.#closedPnl();
    if (this.#held.size === 0) {
      curve.sample(at, closed, ZERO);
      return;
    }
    let pnl = closed;
    let exposure = ZERO;
    for (const { book, market, basis } of this.#held.values()) {
      const mark = this.marks.of(market);
      const rate = this.#valuation.usdRate(market.pair.quote);
      if (mark === undefined || rate === undefined) continue;
      // One product for both: |mark × position| is mark × |position| (the mark is above zero).
      const value = mark.times(book.position);
      const open = value.minus(basis);
      const notional = value.abs();
      const inUsd = rate.eq(1);
      pnl = pnl.plus(inUsd ? open : open.times(rate));
      exposure = exposure.plus(inUsd ? notional : notional.times(rate));
    }
    curve.sample(at, pnl, exposure);
  }

  // Realised less fees over every book, less margin costs, in USD: recomputed only after a change.
  #closedPnl(): Decimal {
    if (this.#closed !== undefined) return this.#closed;
    let sum = ZERO;
    for (const book of this.#collector.ledger.books()) {
      const quote = this.#markets.get(book.pair)?.pair.quote;
      const rate = quote === undefined ? undefined : this.#valuation.usdRate(quote);
      if (rate !== undefined) sum = sum.plus(book.realised.minus(book.fees).times(rate));
    }
    for (const [asset, cost] of this.#collector.marginCosts()) {
      const rate = this.#valuation.usdRate(asset);
      if (rate !== undefined) sum = sum.minus(cost.times(rate));
    }
    this.#closed = sum;
    return sum;
  }
}
