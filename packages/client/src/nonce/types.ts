/**
 * Where nonces come from. A nonce is Kraken's "always-increasing unsigned 64-bit integer" per API key, carried
 * here as its decimal digits (a string, so a source may use any resolution, even beyond 2^53, without rounding).
 *
 * Contract: every value a source returns is strictly greater than every value it returned before, for the life
 * of the key (across restarts when the source is persisted). `next()` may be async so a source can live outside
 * the process (a shared counter service); the client awaits it inside the key's ordered lane, so concurrent
 * calls still get and send their nonces in order.
 *
 * One source per API key. Several processes using the same key must either share one source (one process owns
 * the key and the others call through it), use separate keys, or set the key's nonce window on Kraken (see
 * docs/decisions/0001-nonces-and-ordering.md).
 */
export interface NonceSource {
  /** The next nonce: decimal digits, greater than every nonce this source returned before. */
  next(): string | Promise<string>;
}

/** A source that answers synchronously (the clock and persisted sources): usable outside the client too. */
export interface SyncNonceSource extends NonceSource {
  /** The next nonce, synchronously. */
  next(): string;
}

/**
 * Where a persisted source keeps its high-water mark. `read` returns the last written mark (decimal digits) or
 * `undefined` when there is none yet; `write` must be durable before it returns.
 */
export interface NonceFloorStore {
  /** The last written mark, or `undefined` when none was written yet. */
  read(): string | undefined;
  /** Stores the mark durably before returning. */
  write(mark: string): void;
}
