import type { InstrumentMessage } from './messages.js';
import type { BookPrecision } from './order-book.js';

/**
 * Price and quantity precision per symbol, for book checksums. Filled from the caller's `precision` option and from
 * the `instrument` channel (`price_precision`, `qty_precision`), whose updates can change a pair's precision.
 */
export class InstrumentCache {
  readonly #precision = new Map<string, BookPrecision>();
  readonly #waiters = new Set<(seen: boolean) => void>();
  #snapshotSeen = false;

  constructor(initial: Readonly<Record<string, BookPrecision>> = {}) {
    for (const [symbol, precision] of Object.entries(initial)) this.#precision.set(symbol, precision);
  }

  get(symbol: string): BookPrecision | undefined {
    return this.#precision.get(symbol);
  }

  set(symbol: string, precision: BookPrecision): void {
    this.#precision.set(symbol, precision);
  }

  get snapshotSeen(): boolean {
    return this.#snapshotSeen;
  }

  /** Records the message's pairs; returns the symbols whose precision changed from a known value. */
  apply(message: InstrumentMessage): string[] {
    const changed: string[] = [];
    for (const pair of message.data.pairs ?? []) {
      const next = { price: pair.price_precision, qty: pair.qty_precision };
      const current = this.#precision.get(pair.symbol);
      if (current !== undefined && (current.price !== next.price || current.qty !== next.qty)) {
        changed.push(pair.symbol);
      }
      this.#precision.set(pair.symbol, next);
    }
    if (message.type === 'snapshot') {
      this.#snapshotSeen = true;
      for (const finish of [...this.#waiters]) finish(true);
    }
    return changed;
  }

  /** Resolves true at the next instrument snapshot, false after `timeoutMs` or on abort. */
  nextSnapshot(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (seen: boolean): void => {
        if (!this.#waiters.delete(finish)) return;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(seen);
      };
      const onAbort = (): void => finish(false);
      // No timer for an unbounded wait: setTimeout would fire at once for Infinity.
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => finish(false), timeoutMs) : undefined;
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(finish);
    });
  }

  /** Wakes every waiter with false (client closing). */
  cancelWaiters(): void {
    for (const finish of [...this.#waiters]) finish(false);
  }
}
