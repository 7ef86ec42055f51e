import type { BookSnapshot } from '../market/book.js';
import { bookChecksum, type TextLevel } from './checksum.js';

/** Book depths a v2 `book` subscription may ask for (docs/kraken/websocket-v2.md). */
export const BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;
export type BookDepth = (typeof BOOK_DEPTHS)[number];

/** The best `depth` levels of both sides as wire text, best first. */
export interface TextBook {
  bids: TextLevel[];
  asks: TextLevel[];
}

/** A snapshot of the simulated book as wire text at the pair's price and quantity precision. */
export function textBook(snapshot: BookSnapshot): TextBook {
  const { pairDecimals, lotDecimals } = snapshot.pair;
  const text = (levels: BookSnapshot['bids']): TextLevel[] =>
    levels.map((level) => [level.price.toFixed(pairDecimals), level.volume.toFixed(lotDecimals)] as const);
  return { bids: text(snapshot.bids), asks: text(snapshot.asks) };
}

/**
 * One subscriber's copy of a book: exactly what it was sent, so an update carries only the levels that changed
 * (qty 0 for levels that left its depth) and the checksum the subscriber must compute after applying it.
 */
export class BookView {
  readonly depth: BookDepth;
  #bids = new Map<string, string>();
  #asks = new Map<string, string>();

  constructor(depth: BookDepth) {
    this.depth = depth;
  }

  /** Starts over from `book` (the subscriber discards its copy on a snapshot). */
  snapshot(book: TextBook): TextBook & { checksum: number } {
    this.#bids = new Map(book.bids);
    this.#asks = new Map(book.asks);
    return { ...book, checksum: bookChecksum(book.asks, book.bids) };
  }

  /** The changes that turn the subscriber's copy into `book`; undefined when nothing changed. */
  update(book: TextBook): (TextBook & { checksum: number }) | undefined {
    const bids = diffSide(this.#bids, book.bids);
    const asks = diffSide(this.#asks, book.asks);
    if (bids.length === 0 && asks.length === 0) return undefined;
    this.#bids = new Map(book.bids);
    this.#asks = new Map(book.asks);
    return { bids, asks, checksum: bookChecksum(book.asks, book.bids) };
  }
}

// Deletions first: a level that left the subscribed depth is sent with qty 0, so the copy never holds stale levels.
function diffSide(sent: ReadonlyMap<string, string>, next: readonly TextLevel[]): TextLevel[] {
  const now = new Map(next);
  const changes: TextLevel[] = [];
  for (const [price, qty] of sent) if (!now.has(price)) changes.push([price, zeroLike(qty)]);
  for (const [price, qty] of next) if (sent.get(price) !== qty) changes.push([price, qty]);
  return changes;
}

/** Zero written with the quantity's precision (`0.00000000`), as Kraken writes deletions. */
function zeroLike(qty: string): string {
  const dot = qty.indexOf('.');
  return dot < 0 ? '0' : `0.${'0'.repeat(qty.length - dot - 1)}`;
}
