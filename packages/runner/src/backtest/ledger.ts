import { Decimal } from '@krakenkit/core';
import type { Fill } from '../strategies/types.js';

const ZERO = new Decimal(0);
/** Decimal places of the cost basis a partial close takes away (quote amounts have 10 at most on Kraken). */
const BASIS_PLACES = 10;

/** One bot's trading on one pair (spot or margin, kept apart), at average cost. */
export interface PositionBook {
  bot: string;
  pair: string;
  margin: boolean;
  /** Base held: > 0 long, < 0 short. */
  position: Decimal;
  /** Average price of the position held (quote per base): basis ÷ position, for the report. */
  averagePrice: Decimal;
  /**
   * What the position held cost, signed as the position (quote): sums of price × volume, divided only for a partial
   * close, and zero once flat, so a closed position has realised exactly what it sold less what it paid.
   */
  basis: Decimal;
  /** PnL of the volume closed (against the average price), before fees, in quote. */
  realised: Decimal;
  /** Fees paid on fills, in quote. */
  fees: Decimal;
  /** Quote notional traded. */
  volume: Decimal;
  fills: number;
}

/**
 * The backtest's books: every fill of every bot, per bot, pair and kind (spot, margin), at average cost. A fill
 * that adds to a position adds its price × volume to the cost basis; one that reduces it realises the proceeds less
 * the basis's share of the volume closed (the other way round for shorts); one that crosses zero closes the old
 * position and opens the rest at its price.
 * Fees are kept apart; unrealised PnL is the position at a mark price against its average.
 */
export class BacktestLedger {
  readonly #books = new Map<string, PositionBook>();

  record(bot: string, fill: Fill): PositionBook {
    const book = this.#book(bot, fill.pair.id, fill.margin);
    const signed = fill.side === 'buy' ? fill.volume : fill.volume.neg();
    const held = book.position;
    if (held.isZero() || held.isPositive() === signed.isPositive()) {
      book.basis = book.basis.plus(signed.times(fill.price));
    } else {
      const closed = Decimal.min(held.abs(), fill.volume);
      // The share of the cost the closed volume carries (all of it when the position is closed), cut to a fixed
      // scale: what is left is then exact too, and realised plus unrealised is exactly sold less paid plus held.
      const removed = closed.eq(held.abs())
        ? book.basis
        : book.basis.times(closed).div(held.abs()).toDecimalPlaces(BASIS_PLACES, Decimal.ROUND_HALF_EVEN);
      const proceeds = fill.price.times(closed);
      book.realised = book.realised.plus(
        held.isPositive() ? proceeds.minus(removed) : removed.neg().minus(proceeds),
      );
      book.basis = book.basis.minus(removed);
      if (fill.volume.gt(held.abs())) book.basis = held.plus(signed).times(fill.price);
    }
    book.position = held.plus(signed);
    if (book.position.isZero()) book.basis = ZERO;
    book.averagePrice = book.position.isZero() ? ZERO : book.basis.div(book.position);
    book.fees = book.fees.plus(fill.fee);
    book.volume = book.volume.plus(fill.volume.times(fill.price));
    book.fills += 1;
    return book;
  }

  books(): PositionBook[] {
    return [...this.#books.values()];
  }

  /** The books on a pair (every bot, spot and margin). */
  onPair(pair: string): PositionBook[] {
    return this.books().filter((book) => book.pair === pair);
  }

  #book(bot: string, pair: string, margin: boolean): PositionBook {
    const key = `${bot}|${pair}|${margin ? 'margin' : 'spot'}`;
    let book = this.#books.get(key);
    if (book === undefined) {
      book = {
        bot,
        pair,
        margin,
        position: ZERO,
        averagePrice: ZERO,
        basis: ZERO,
        realised: ZERO,
        fees: ZERO,
        volume: ZERO,
        fills: 0,
      };
      this.#books.set(key, book);
    }
    return book;
  }
}

/** A book's unrealised PnL at `mark`: mark × position − basis (negative positions gain as the mark falls). */
export function unrealisedAt(book: PositionBook, mark: Decimal): Decimal {
  return book.position.isZero() ? ZERO : mark.times(book.position).minus(book.basis);
}
