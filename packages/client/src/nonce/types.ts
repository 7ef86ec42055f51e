/**
 * Where nonces come from. A nonce is Kraken's "always-increasing unsigned 64-bit integer" per API key, carried
 * here as its decimal digits (a string, so a source may use any resolution, even beyond 2^53, without rounding).
 *
 * Contract: every value a source returns is strictly greater than every value it returned before, for the life
 * of the key (across restarts when the source is persisted). `next()` may be async so a source can live outside
 * the process (a shared counter service); the client awaits it inside the key's ordered lane, so concurrent
 * calls still get and send their nonces in order.
 *
 * One source per API key in a process. Several processes on one key share it through a state store
 * (`createStoreNonceSource`, or `ClientOptions.store`), which also orders their calls; or use one key per process
 * (see docs/decisions/0001-nonces-and-ordering.md).
 */
export interface NonceSource {
  /**
   * The next nonce: decimal digits, greater than every nonce this source returned before. A source that waits
   * (for a slot held by another process) stops waiting when `request.signal` aborts.
   */
  next(request?: NonceRequest): string | Promise<string>;
  /**
   * Optional: the call that used `nonce` is over (its answer arrived in full, it failed, or it was never sent).
   * The client's key lane calls it exactly once per nonce, before the key's next call may start; a source that
   * orders calls across processes frees the call's slot here. A failure here never changes the call's own result.
   */
  settle?(nonce: string): void | Promise<void>;
}

/** What the client tells a source about the call a nonce is for. */
export interface NonceRequest {
  /** The caller's signal: a source that waits must stop when it aborts (nothing was sent). */
  signal?: AbortSignal;
  /** The call's per-attempt timeout (ms): a source that holds a slot for the call keeps it at least this long. */
  timeoutMs?: number;
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
