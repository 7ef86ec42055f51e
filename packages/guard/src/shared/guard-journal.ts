import { KrakenkitError } from '@krakenkit/core';
import {
  type AccountId,
  type CommitAnswer,
  type JournalRead,
  type StateStore,
  StoreUnavailableError,
} from '@krakenkit/core/store';
import { encodeEntry, GUARD_STREAM, type GuardJournalEntry } from './journal-entry.js';

/**
 * The guard stream of one account in a store, and how far this process has applied it (`seq`). Every store error
 * comes out typed: krakenkit's own as they are (unavailable, closed, corrupt; a value over the store's size
 * limit), anything else (a driver's error) as StoreUnavailableError.
 */
export class GuardJournal {
  /** The sequence number of the last entry this process has applied. */
  seq = 0;

  constructor(
    readonly store: StateStore,
    readonly account: AccountId,
  ) {}

  get location(): string {
    return this.store.location;
  }

  /**
   * Appends entries if the journal is still at `seq` (see StateStore.commit), after `carried`: entries already
   * encoded (pending outcomes) that go first.
   */
  commit(entries: readonly GuardJournalEntry[], carried: readonly string[] = []): Promise<CommitAnswer> {
    const encoded = [...carried, ...entries.map(encodeEntry)];
    const request = { stream: GUARD_STREAM, expectedSeq: this.seq, entries: encoded };
    return this.#call(() => this.store.commit(this.account, request));
  }

  /** Entries after `seq` (and the snapshot to start from when this process is behind it). */
  read(): Promise<JournalRead> {
    return this.#call(() => this.store.readJournal(this.account, GUARD_STREAM, this.seq));
  }

  /** Replaces the entries up to `seq` with the state they fold into. */
  compact(seq: number, state: string): Promise<void> {
    return this.#call(() => this.store.compactJournal(this.account, GUARD_STREAM, seq, state));
  }

  async #call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof KrakenkitError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new StoreUnavailableError(this.location, message, { cause: error });
    }
  }
}

/**
 * The journal kept moving: every attempt to record a reservation found entries other processes had just added.
 * Nothing was reserved or sent; trying again later can succeed.
 */
export class GuardJournalBusyError extends KrakenkitError {
  override name = 'GuardJournalBusyError';
  /** The stable code of this error. */
  static readonly CODE = 'EGuard:Journal busy';

  constructor(
    readonly location: string,
    readonly attempts: number,
  ) {
    super(
      `the guard journal in ${location} moved on at each of ${attempts} attempts to record this change: nothing was reserved or sent`,
      { code: GuardJournalBusyError.CODE, category: 'store', retryable: true },
    );
  }
}
