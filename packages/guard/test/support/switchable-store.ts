import {
  type AccountId,
  type CommitAnswer,
  type CommitRequest,
  type JournalRead,
  type StateStore,
  StoreUnavailableError,
} from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';

/** Releases a call when it decides to: fast-check's scheduler, for random interleavings of several processes. */
export type CallScheduler = <T>(call: () => Promise<T>) => Promise<T>;

/**
 * A memory store whose journal calls can be made to fail, lose their answers, or wait to be released: the
 * failures a networked store has, on demand.
 */
export class SwitchableStore implements StateStore {
  readonly kind = 'memory' as const;
  readonly location = 'switchable memory';
  /** Every journal call fails with StoreUnavailableError, doing nothing. */
  down = false;
  /** The next commit takes effect, then fails as if its answer were lost on the way back. */
  loseNextAnswer = false;
  /** When set, each journal call waits until it is released. */
  schedule: CallScheduler | undefined;
  /** Commits that reached the store. */
  commits = 0;
  readonly #inner: StateStore;

  constructor(now: () => number) {
    this.#inner = createMemoryStore({ now });
  }

  async commit(account: AccountId, request: CommitRequest): Promise<CommitAnswer> {
    return this.#run(async () => {
      this.commits += 1;
      const answer = await this.#inner.commit(account, request);
      if (!this.loseNextAnswer) return answer;
      this.loseNextAnswer = false;
      throw new StoreUnavailableError(this.location, 'the answer was lost');
    });
  }

  readJournal(account: AccountId, stream: string, afterSeq: number): Promise<JournalRead> {
    return this.#run(() => this.#inner.readJournal(account, stream, afterSeq));
  }

  compactJournal(account: AccountId, stream: string, seq: number, state: string): Promise<void> {
    return this.#run(() => this.#inner.compactJournal(account, stream, seq, state));
  }

  beginCall: StateStore['beginCall'] = (...args) => this.#inner.beginCall(...args);
  endCall: StateStore['endCall'] = (...args) => this.#inner.endCall(...args);
  charge: StateStore['charge'] = (...args) => this.#inner.charge(...args);
  counterLevel: StateStore['counterLevel'] = (...args) => this.#inner.counterLevel(...args);
  acquireLease: StateStore['acquireLease'] = (...args) => this.#inner.acquireLease(...args);
  renewLease: StateStore['renewLease'] = (...args) => this.#inner.renewLease(...args);
  releaseLease: StateStore['releaseLease'] = (...args) => this.#inner.releaseLease(...args);
  listLeases: StateStore['listLeases'] = (...args) => this.#inner.listLeases(...args);
  getRecord: StateStore['getRecord'] = (...args) => this.#inner.getRecord(...args);
  putRecord: StateStore['putRecord'] = (...args) => this.#inner.putRecord(...args);
  deleteRecord: StateStore['deleteRecord'] = (...args) => this.#inner.deleteRecord(...args);
  listRecords: StateStore['listRecords'] = (...args) => this.#inner.listRecords(...args);
  close: StateStore['close'] = () => this.#inner.close();

  #run<T>(call: () => Promise<T>): Promise<T> {
    const guarded = () =>
      this.down ? Promise.reject(new StoreUnavailableError(this.location, 'switched off')) : call();
    return this.schedule === undefined ? guarded() : this.schedule(guarded);
  }
}
