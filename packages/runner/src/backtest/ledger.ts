import { Decimal } from '@krakenkit/core';
import type { Fill } from '../strategies/types.js';

const ZERO = new Decimal(0);

/** One bot's trading on one pair (spot or margin, kept apart), at average cost. */
export interface PositionBook {
  bot: string;
  pair: string;
  margin: boolean;
  /** Base held: > 0 long, < 0 short. */
  position: Decimal;
  /** Average price of the position held (quote per base). */
  averagePrice: Decimal;
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
 * that adds to a position moves its average price; one that reduces it realises (price − average) × volume (the
 * other way round for shorts); one that crosses zero closes the old position and opens the rest at its price.
 * Fees are kept apart; unrealised PnL is the position at a mark price against its average.
 */
export class BacktestLedger {
  readonly #books = new Map<string, PositionBook>();

  record(bot: string, fill: Fill): PositionBook {
    const book = this.#book(bot, fill.pair.id, fill.margin);
    const signed = fill.side === 'buy' ? fill.volume : fill.volume.neg();
    const held = book.position;
    if (held.isZero() || held.isPositive() === signed.isPositive()) {
      const total = held.abs().plus(fill.volume);
      book.averagePrice = book.averagePrice.times(held.abs()).plus(fill.price.times(fill.volume)).div(total);
    } else {
      const closed = Decimal.min(held.abs(), fill.volume);
      const gain = fill.price.minus(book.averagePrice).times(closed);
      book.realised = book.realised.plus(held.isPositive() ? gain : gain.neg());
      if (fill.volume.gt(held.abs())) book.averagePrice = fill.price;
    }
    book.position = held.plus(signed);
    if (book.position.isZero()) book.averagePrice = ZERO;
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

/** A book's unrealised PnL at `mark`: (mark − average) × position (negative positions gain as the mark falls). */
export function unrealisedAt(book: PositionBook, mark: Decimal): Decimal {
  return book.position.isZero() ? ZERO : mark.minus(book.averagePrice).times(book.position);
}
