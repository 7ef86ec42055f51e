import { WsBufferOverflowError } from './errors.js';

/**
 * What a stream does when its consumer falls behind and the buffer is full:
 * - `coalesce`: keep only the latest item per key (books, tickers: only the current state matters);
 * - `drop-oldest`: discard the oldest buffered item (lossy feeds where recency matters);
 * - `error`: deliver what is buffered, then throw WsBufferOverflowError and end (executions, balances: never drop
 *   silently; the consumer must reconcile).
 */
export type OverflowPolicy = 'coalesce' | 'drop-oldest' | 'error';

export interface StreamOptions<T> {
  /** Channel name, for the overflow error. */
  channel: string;
  /** Most items buffered (for `coalesce`: most distinct keys). */
  capacity: number;
  overflow: OverflowPolicy;
  /** Coalescing key (required for `coalesce`). */
  keyOf?: (item: T) => string;
  /** Runs once when the stream ends for any reason (consumer break, end, failure). */
  onClose?: () => void;
}

interface Waiter<T> {
  resolve(result: IteratorResult<T>): void;
  reject(error: unknown): void;
}

/** A single-consumer async iterator fed by pushes, with a bounded buffer and a declared overflow policy. */
export class MessageStream<T> implements AsyncIterableIterator<T> {
  readonly #options: StreamOptions<T>;
  #queue: T[] = [];
  #head = 0;
  readonly #latest = new Map<string, T>();
  #waiter: Waiter<T> | undefined;
  #ended = false;
  #failure: { error: unknown } | undefined;
  #closed = false;

  constructor(options: StreamOptions<T>) {
    this.#options = options;
  }

  /** Items waiting for the consumer. */
  get buffered(): number {
    return this.#options.overflow === 'coalesce' ? this.#latest.size : this.#queue.length - this.#head;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Offers an item; returns false when the stream no longer accepts items. */
  push(item: T): boolean {
    if (this.#ended) return false;
    const waiter = this.#waiter;
    if (waiter !== undefined && this.buffered === 0) {
      this.#waiter = undefined;
      waiter.resolve({ value: item, done: false });
      return true;
    }
    if (this.#options.overflow === 'coalesce') return this.#coalesce(item);
    if (this.buffered >= this.#options.capacity) {
      if (this.#options.overflow === 'error') {
        this.fail(new WsBufferOverflowError(this.#options.channel, this.#options.capacity));
        return false;
      }
      this.#head += 1;
    }
    this.#queue.push(item);
    return true;
  }

  /** Ends the stream after the buffered items; the consumer then sees `error` thrown. */
  fail(error: unknown): void {
    if (this.#ended) return;
    this.#failure = { error };
    this.#finish();
  }

  /** Ends the stream after the buffered items. */
  end(): void {
    if (this.#ended) return;
    this.#finish();
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.#take();
    if (item !== undefined) return Promise.resolve({ value: item.value, done: false });
    if (this.#ended) {
      const failure = this.#failure;
      if (failure !== undefined) {
        this.#failure = undefined;
        return Promise.reject(failure.error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    if (this.#waiter !== undefined) return Promise.reject(new Error('MessageStream has a single consumer'));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Consumer stopped (`break` in for-await): discard the buffer and run the close hook. */
  return(): Promise<IteratorResult<T>> {
    this.#queue = [];
    this.#head = 0;
    this.#latest.clear();
    this.#failure = undefined;
    this.#finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #coalesce(item: T): boolean {
    const key = this.#options.keyOf?.(item) ?? '';
    if (!this.#latest.has(key) && this.#latest.size >= this.#options.capacity) {
      const oldest = this.#latest.keys().next();
      if (!oldest.done) this.#latest.delete(oldest.value);
    }
    this.#latest.set(key, item);
    return true;
  }

  #take(): { value: T } | undefined {
    if (this.#options.overflow === 'coalesce') {
      const first = this.#latest.entries().next();
      if (first.done) return undefined;
      this.#latest.delete(first.value[0]);
      return { value: first.value[1] };
    }
    if (this.#head >= this.#queue.length) return undefined;
    const value = this.#queue[this.#head] as T;
    this.#queue[this.#head] = undefined as T;
    this.#head += 1;
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return { value };
  }

  #finish(): void {
    this.#ended = true;
    const waiter = this.#waiter;
    if (waiter !== undefined && this.buffered === 0) {
      this.#waiter = undefined;
      const failure = this.#failure;
      this.#failure = undefined;
      if (failure !== undefined) waiter.reject(failure.error);
      else waiter.resolve({ value: undefined, done: true });
    }
    if (!this.#closed) {
      this.#closed = true;
      this.#options.onClose?.();
    }
  }
}
