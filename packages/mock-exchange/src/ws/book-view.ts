import type { BookSnapshot } from '../market/book.js';
import type { TextLevel } from './checksum.js';

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

/** The levels that turn one book into another (qty 0 for levels that left), and the checksum after them. */
export type BookChanges = TextBook & { checksum: number };

/**
 * One subscriber's copy of a book: the book it was last sent (shared with every subscriber sent the same), so an
 * update carries only the levels that changed since. Holds a reference, never a copy: fan-out stays O(1) per
 * subscriber when the diff is shared (shared-books.ts).
 */
export class BookView {
  readonly depth: BookDepth;
  #basis: TextBook = { bids: [], asks: [] };

  constructor(depth: BookDepth) {
    this.depth = depth;
  }

  /** The book the subscriber holds now. */
  get basis(): TextBook {
    return this.#basis;
  }

  /** The subscriber was sent `book` (a snapshot, or the update that leads to it). */
  moveTo(book: TextBook): void {
    this.#basis = book;
  }
}

/** The changes from `from` to `to` (deletions first); undefined when nothing changed. */
export function bookChanges(from: TextBook, to: TextBook, checksum: number): BookChanges | undefined {
  const bids = diffSide(new Map(from.bids), to.bids);
  const asks = diffSide(new Map(from.asks), to.asks);
  if (bids.length === 0 && asks.length === 0) return undefined;
  return { bids, asks, checksum };
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
