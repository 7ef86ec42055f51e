import type { Pair } from '../market/pairs.js';
import { bookMessage } from './book-message.js';
import { type BookChanges, type BookDepth, bookChanges, type TextBook } from './book-view.js';
import { bookChecksum } from './checksum.js';

/**
 * The book channel's work, done once for every subscriber: per pair and depth one book (a depth-1000 book is
 * ~4 ms of decimal arithmetic), per symbol spelling one snapshot text, and per book a subscriber holds one diff
 * and one update text. Fan-out is then a lookup and a send per subscriber, so a subscribe flood or many heavy
 * subscribers cost the event loop little. A book is recomputed after {@link SharedBooks.invalidate} (every market
 * move and order event of the pair) or when the market has stepped since.
 */
export class SharedBooks {
  readonly #compute: (pair: Pair, depth: BookDepth) => TextBook;
  readonly #stamp: (pair: Pair) => number;
  readonly #books = new Map<string, SharedBook>();
  readonly #versions = new Map<string, number>();

  /** `stamp` changes whenever the pair's simulated market has moved (its step count). */
  constructor(compute: (pair: Pair, depth: BookDepth) => TextBook, stamp: (pair: Pair) => number) {
    this.#compute = compute;
    this.#stamp = stamp;
  }

  /** The pair's book changed: its cached books are stale. */
  invalidate(pair: Pair): void {
    this.#versions.set(pair.id, (this.#versions.get(pair.id) ?? 0) + 1);
  }

  get(pair: Pair, depth: BookDepth): SharedBook {
    const key = `${pair.id}|${depth}`;
    const version = `${this.#versions.get(pair.id) ?? 0}|${this.#stamp(pair)}`;
    const cached = this.#books.get(key);
    if (cached !== undefined && cached.version === version) return cached;
    const book = new SharedBook(this.#compute(pair, depth), version);
    this.#books.set(key, book);
    return book;
  }
}

/** One pair's book at one depth and version, and the texts derived from it. */
export class SharedBook {
  readonly book: TextBook;
  readonly checksum: number;
  readonly version: string;
  readonly #snapshots = new Map<string, string>();
  /** Per book a subscriber holds: the changes to this one and their text per symbol. */
  readonly #updates = new Map<TextBook, { changes: BookChanges | undefined; texts: Map<string, string> }>();

  constructor(book: TextBook, version: string) {
    this.book = book;
    this.checksum = bookChecksum(book.asks, book.bids);
    this.version = version;
  }

  snapshotText(symbol: string): string {
    let text = this.#snapshots.get(symbol);
    if (text === undefined) {
      text = bookMessage('snapshot', symbol, { ...this.book, checksum: this.checksum }, undefined);
      this.#snapshots.set(symbol, text);
    }
    return text;
  }

  /** The changes from `basis` (what a subscriber holds) to this book; undefined when there are none. */
  changesFrom(basis: TextBook): BookChanges | undefined {
    return this.#update(basis).changes;
  }

  /** The update message from `basis` to this book for `symbol`; undefined when nothing changed. */
  updateText(basis: TextBook, symbol: string, time: number): string | undefined {
    const update = this.#update(basis);
    if (update.changes === undefined) return undefined;
    let text = update.texts.get(symbol);
    if (text === undefined) {
      text = bookMessage('update', symbol, update.changes, time);
      update.texts.set(symbol, text);
    }
    return text;
  }

  #update(basis: TextBook) {
    let update = this.#updates.get(basis);
    if (update === undefined) {
      update = { changes: bookChanges(basis, this.book, this.checksum), texts: new Map<string, string>() };
      this.#updates.set(basis, update);
    }
    return update;
  }
}
