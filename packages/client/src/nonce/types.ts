import type { CallCommit, ChargeAnswer, ChargeRequest, StaleJournal } from '@krakenkit/core/store';

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
  /**
   * What a source backed by a state store takes in the same atomic step as the call's slot: the call's charge of
   * the key's shared REST counter (from the limiter) and its journal entries (a shared guard's reservation).
   * Other sources ignore it.
   */
  step?: CallStep;
}

/** Work taken with a call's slot in one store step (see `StateStore.beginCall` in `@krakenkit/core/store`). */
export interface CallStep {
  /** Charges that must all fit for the call to go (the key's REST counter). */
  charges?: readonly ChargeRequest[];
  /**
   * The charges did not fit (`retryInMs` until they would): the error returned is thrown (nothing was sent) and
   * the caller decides when to try again. Without it the source waits and asks again.
   */
  chargesRefused?(retryInMs: number, answers: readonly ChargeAnswer[]): Error;
  /** The charges were taken with the call's slot: the counters' levels right after (the key-wide view). */
  chargesGranted?(answers: readonly ChargeAnswer[]): void;
  /** A journal append (a shared guard's reservation) that must land with the slot. */
  journal?: JournalStep;
}

/**
 * A journal append made with a call's slot. The store takes it only if its journal is still where the writer
 * last read it; otherwise the writer catches up and decides again, before any nonce is issued.
 */
export interface JournalStep {
  /**
   * The append to make now, decided on the writer's current state; undefined when there is none (it landed with
   * an earlier attempt of the same call). Throws to refuse the call: nothing is sent.
   */
  prepare(): CallCommit | undefined;
  /** The journal had moved on: apply what was missed before prepare() is asked again. */
  caughtUp(stale: StaleJournal): void;
  /** The append landed with the call's slot; the journal is now at `seq`. */
  landed(seq: number): void;
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
