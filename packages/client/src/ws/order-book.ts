import { crc32 } from 'node:zlib';
import { CRC_START, crcValue } from './checksum-crc.js';
import { checksumDigits, fixPrecision, isZeroDecimal } from './decimal-text.js';
import { PriceLadder } from './price-ladder.js';

/** Decimals of a pair's prices and quantities (instrument channel `price_precision` / `qty_precision`). */
export interface BookPrecision {
  price: number;
  qty: number;
}

/** A price level as text: exact decimals, never a float. */
export interface BookLevel {
  price: string;
  qty: string;
}

/** Depths Kraken's v2 `book` channel accepts. */
export type BookDepth = 10 | 25 | 100 | 500 | 1000;
/** The book depths Kraken's `book` channel accepts. */
export const BOOK_DEPTHS: readonly BookDepth[] = [10, 25, 100, 500, 1000];

/** Kraken checksums the top 10 levels of each side whatever the subscribed depth (book checksum guide). */
export const CHECKSUM_LEVELS = 10;

/** A level's text does not fit the instrument's precision (more decimals than declared): the book cannot be trusted. */
export class BookPrecisionError extends Error {
  override name = 'BookPrecisionError';
}

/**
 * A local L2 order book for one symbol, maintained from Kraken v2 `book` snapshots and updates.
 * Level text is normalised to the instrument's precision on the way in, so the checksum is computed from exactly the
 * text Kraken checksums, and readers get decimal strings with trailing zeros kept.
 */
export class LocalOrderBook {
  readonly symbol: string;
  readonly depth: number;
  readonly precision: BookPrecision;
  readonly asks = new PriceLadder('ascending');
  readonly bids = new PriceLadder('descending');

  constructor(symbol: string, depth: number, precision: BookPrecision) {
    this.symbol = symbol;
    this.depth = depth;
    this.precision = precision;
  }

  /** Empties both sides (a snapshot replaces the book). */
  clear(): void {
    this.asks.clear();
    this.bids.clear();
  }

  /**
   * Applies one message's levels in order (qty 0 deletes), then truncates both sides to the subscribed depth, as the
   * guide requires before the checksum. Throws BookPrecisionError when a level does not fit the precision.
   */
  apply(bids: readonly BookLevel[], asks: readonly BookLevel[]): void {
    for (let i = 0; i < bids.length; i += 1) this.#applyLevel(this.bids, bids[i] as BookLevel);
    for (let i = 0; i < asks.length; i += 1) this.#applyLevel(this.asks, asks[i] as BookLevel);
    this.bids.truncate(this.depth);
    this.asks.truncate(this.depth);
  }

  /** The text Kraken's CRC32 covers: top 10 asks low→high then top 10 bids high→low, digits only. */
  checksumInput(): string {
    return this.asks.fragments(CHECKSUM_LEVELS) + this.bids.fragments(CHECKSUM_LEVELS);
  }

  /** CRC32 (IEEE, unsigned) of `checksumInput()`, from the levels' cached parts (no text is built). */
  checksum(): number {
    const afterAsks = this.asks.checksumRegister(CHECKSUM_LEVELS, CRC_START);
    return crcValue(this.bids.checksumRegister(CHECKSUM_LEVELS, afterAsks));
  }

  /** The best `limit` levels per side (default: the whole book), as fresh objects. */
  top(limit: number = this.depth): { asks: BookLevel[]; bids: BookLevel[] } {
    return { asks: this.asks.levels(limit), bids: this.bids.levels(limit) };
  }

  #applyLevel(side: PriceLadder, level: BookLevel): void {
    const price = fixPrecision(level.price, this.precision.price);
    if (price === undefined) {
      throw new BookPrecisionError(
        `${this.symbol}: price ${level.price} has more than ${this.precision.price} decimals`,
      );
    }
    if (isZeroDecimal(level.qty)) {
      side.remove(price);
      return;
    }
    const qty = fixPrecision(level.qty, this.precision.qty);
    if (qty === undefined) {
      throw new BookPrecisionError(
        `${this.symbol}: qty ${level.qty} has more than ${this.precision.qty} decimals`,
      );
    }
    side.set(price, qty);
  }
}

/**
 * The checksum input for levels given as text, formatted with `precision` when given (v2: JSON numbers lose trailing
 * zeros) or used verbatim when not (v1 sends strings already at pair precision). Asks must be sorted low→high and
 * bids high→low; only the first 10 of each count.
 */
export function bookChecksumInput(
  asks: readonly BookLevel[],
  bids: readonly BookLevel[],
  precision?: BookPrecision,
): string {
  let text = '';
  for (const side of [asks, bids]) {
    for (const level of side.slice(0, CHECKSUM_LEVELS)) {
      const price = precision ? fixPrecision(level.price, precision.price) : level.price;
      const qty = precision ? fixPrecision(level.qty, precision.qty) : level.qty;
      if (price === undefined || qty === undefined) {
        throw new BookPrecisionError(`level ${level.price} × ${level.qty} does not fit the precision`);
      }
      text += checksumDigits(price) + checksumDigits(qty);
    }
  }
  return text;
}

/** Kraken's book checksum (v1 and v2): CRC32 of `bookChecksumInput`, as an unsigned 32-bit integer. */
export function bookChecksum(
  asks: readonly BookLevel[],
  bids: readonly BookLevel[],
  precision?: BookPrecision,
): number {
  return crc32(bookChecksumInput(asks, bids, precision)) >>> 0;
}
