import type { TypedEmitter } from './emitter.js';
import { BookUnavailableError } from './errors.js';
import type { ResyncReason, WsEventMap } from './events.js';
import type { BookData, BookMessage } from './messages.js';
import { type BookPrecision, BookPrecisionError, LocalOrderBook } from './order-book.js';

/**
 * A symbol's book state. Only `valid` books are served:
 * - `awaiting-snapshot`: subscribed (or reconnected), no verified snapshot yet;
 * - `resyncing`: a checksum or precision check failed; a fresh snapshot was requested for this symbol only;
 * - `failed`: the resync budget ran out; the book stays unavailable until `resync(symbol)` is called.
 */
export type BookState = 'awaiting-snapshot' | 'valid' | 'resyncing' | 'failed';

/** At most `maxResyncs` checksum-driven resyncs per symbol within any `windowMs`. */
export interface ResyncBudget {
  maxResyncs: number;
  windowMs: number;
}

export interface BookSyncHooks {
  precisionOf(symbol: string): BookPrecision | undefined;
  /** Ask the server for a fresh snapshot of this symbol only. */
  resync(symbol: string, depth: number, reason: ResyncReason): void;
  /** A verified snapshot or update was applied. */
  changed(symbol: string, type: 'snapshot' | 'update', checksum: number): void;
  now(): number;
}

interface Slot {
  readonly symbol: string;
  readonly depth: number;
  state: BookState;
  book: LocalOrderBook | undefined;
  /** Times of recent charged resyncs (sliding window). */
  resyncs: number[];
  /** Set while the book is invalid: why, so `resynced` can say it. */
  pending: ResyncReason | undefined;
  /** Armed once a subscribe was acknowledged and until its snapshot arrives. */
  snapshotTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Keeps one LocalOrderBook per subscribed symbol in step with the feed: verifies Kraken's checksum after every
 * message, never serves a book that failed it, and resyncs only the symbol concerned within a bounded budget.
 */
export class BookSync {
  readonly #slots = new Map<string, Slot>();
  readonly #hooks: BookSyncHooks;
  readonly #events: TypedEmitter<WsEventMap>;
  readonly #budget: ResyncBudget;
  readonly #snapshotTimeoutMs: number;

  constructor(
    hooks: BookSyncHooks,
    events: TypedEmitter<WsEventMap>,
    budget: ResyncBudget,
    snapshotTimeoutMs: number,
  ) {
    this.#hooks = hooks;
    this.#events = events;
    this.#budget = budget;
    this.#snapshotTimeoutMs = snapshotTimeoutMs;
  }

  track(symbol: string, depth: number): void {
    if (this.#slots.has(symbol)) return;
    this.#slots.set(symbol, {
      symbol,
      depth,
      state: 'awaiting-snapshot',
      book: undefined,
      resyncs: [],
      pending: undefined,
      snapshotTimer: undefined,
    });
  }

  untrack(symbol: string): void {
    const slot = this.#slots.get(symbol);
    if (slot !== undefined) disarm(slot);
    this.#slots.delete(symbol);
  }

  /**
   * The exchange acknowledged a book subscription for `symbol` (first, after a reconnect, or a resync): its
   * snapshot must follow. If it does not within the snapshot timeout, the book is resynced (within the budget)
   * instead of waiting for ever.
   */
  expectSnapshot(symbol: string): void {
    const slot = this.#slots.get(symbol);
    if (slot === undefined || slot.state === 'valid' || slot.state === 'failed') return;
    disarm(slot);
    slot.snapshotTimer = setTimeout(() => {
      slot.snapshotTimer = undefined;
      if (this.#slots.get(symbol) !== slot || slot.state === 'valid' || slot.state === 'failed') return;
      slot.state = 'resyncing';
      this.#chargeAndResync(slot, 'snapshot-timeout');
    }, this.#snapshotTimeoutMs);
  }

  depthOf(symbol: string): number | undefined {
    return this.#slots.get(symbol)?.depth;
  }

  state(symbol: string): BookState | undefined {
    return this.#slots.get(symbol)?.state;
  }

  /** The verified book; throws BookUnavailableError unless its state is `valid`. */
  book(symbol: string): LocalOrderBook {
    const slot = this.#slots.get(symbol);
    if (slot === undefined) throw new BookUnavailableError(symbol, 'not subscribed');
    if (slot.state !== 'valid' || slot.book === undefined) throw new BookUnavailableError(symbol, slot.state);
    return slot.book;
  }

  apply(message: BookMessage): void {
    for (let i = 0; i < message.data.length; i += 1) {
      const data = message.data[i] as BookData;
      const slot = this.#slots.get(data.symbol);
      if (slot === undefined || slot.state === 'failed') continue;
      if (message.type === 'snapshot') this.#snapshot(slot, data);
      else if (slot.state === 'valid') this.#update(slot, data);
      // Updates before a verified snapshot are dropped: the snapshot that follows supersedes them.
    }
  }

  /** The connection dropped: every book is stale until its new snapshot (not charged to the budget). */
  markAllStale(): void {
    for (const slot of this.#slots.values()) {
      // The new socket's acknowledgement arms the snapshot timer again; an outage is not a withheld snapshot.
      disarm(slot);
      if (slot.state === 'failed') continue;
      if (slot.state === 'valid') slot.pending = 'reconnect';
      slot.state = 'awaiting-snapshot';
      slot.book?.clear();
    }
  }

  /** The instrument's precision changed: books built with the old one are rebuilt (not charged). */
  precisionChanged(symbol: string): void {
    const slot = this.#slots.get(symbol);
    const precision = this.#hooks.precisionOf(symbol);
    if (slot?.book === undefined || precision === undefined) return;
    const current = slot.book.precision;
    if (current.price === precision.price && current.qty === precision.qty) return;
    slot.book = undefined;
    if (slot.state === 'valid') this.#startResync(slot, 'precision');
  }

  /** A user-requested resync: resets the symbol's budget (also revives a `failed` book). */
  resync(symbol: string): boolean {
    const slot = this.#slots.get(symbol);
    if (slot === undefined) return false;
    slot.resyncs = [];
    this.#startResync(slot, 'manual');
    return true;
  }

  /** A resync request failed to reach the server: charge it and try again within the budget. */
  resyncFailed(symbol: string): void {
    const slot = this.#slots.get(symbol);
    if (slot === undefined || slot.state !== 'resyncing') return;
    this.#chargeAndResync(slot, slot.pending ?? 'checksum');
  }

  #snapshot(slot: Slot, data: BookData): void {
    const precision = this.#hooks.precisionOf(slot.symbol);
    if (precision === undefined) {
      this.#events.emit('error', {
        endpoint: 'public',
        error: new BookPrecisionError(`${slot.symbol}: no price/qty precision known; snapshot ignored`),
        context: 'book',
      });
      return;
    }
    const sameShape =
      slot.book !== undefined &&
      slot.book.precision.price === precision.price &&
      slot.book.precision.qty === precision.qty;
    const book =
      sameShape && slot.book !== undefined
        ? slot.book
        : new LocalOrderBook(slot.symbol, slot.depth, precision);
    slot.book = book;
    book.clear();
    disarm(slot);
    if (!this.#applyVerified(slot, book, data)) return;
    const reason = slot.pending;
    slot.state = 'valid';
    slot.pending = undefined;
    if (reason !== undefined) this.#events.emit('resynced', { symbol: slot.symbol, reason });
    this.#hooks.changed(slot.symbol, 'snapshot', data.checksum);
  }

  #update(slot: Slot, data: BookData): void {
    const book = slot.book as LocalOrderBook;
    if (this.#applyVerified(slot, book, data)) this.#hooks.changed(slot.symbol, 'update', data.checksum);
  }

  /** Applies and checks; on failure invalidates the book and starts a resync. */
  #applyVerified(slot: Slot, book: LocalOrderBook, data: BookData): boolean {
    try {
      book.apply(data.bids, data.asks);
    } catch (error) {
      if (!(error instanceof BookPrecisionError)) throw error;
      this.#events.emit('error', { endpoint: 'public', error, context: 'book' });
      this.#invalidate(slot, 'precision');
      return false;
    }
    const actual = book.checksum();
    if (actual === data.checksum) return true;
    this.#invalidate(slot, 'checksum', { symbol: slot.symbol, expected: data.checksum, actual });
    return false;
  }

  /** The book is unusable from here on: readers see it invalid before any listener runs. */
  #invalidate(slot: Slot, reason: ResyncReason, mismatch?: WsEventMap['checksum-mismatch']): void {
    slot.book?.clear();
    slot.state = 'resyncing';
    if (mismatch !== undefined) this.#events.emit('checksum-mismatch', mismatch);
    this.#chargeAndResync(slot, reason);
  }

  #chargeAndResync(slot: Slot, reason: ResyncReason): void {
    const now = this.#hooks.now();
    const since = now - this.#budget.windowMs;
    slot.resyncs = slot.resyncs.filter((at) => at > since);
    if (slot.resyncs.length >= this.#budget.maxResyncs) {
      disarm(slot);
      slot.state = 'failed';
      slot.pending = undefined;
      this.#events.emit('resync-exhausted', {
        symbol: slot.symbol,
        resyncs: slot.resyncs.length,
        windowMs: this.#budget.windowMs,
      });
      return;
    }
    slot.resyncs.push(now);
    this.#startResync(slot, reason);
  }

  #startResync(slot: Slot, reason: ResyncReason): void {
    slot.state = 'resyncing';
    slot.pending = reason;
    slot.book?.clear();
    this.#events.emit('resyncing', { symbol: slot.symbol, reason });
    this.#hooks.resync(slot.symbol, slot.depth, reason);
  }
}

function disarm(slot: Slot): void {
  if (slot.snapshotTimer === undefined) return;
  clearTimeout(slot.snapshotTimer);
  slot.snapshotTimer = undefined;
}
