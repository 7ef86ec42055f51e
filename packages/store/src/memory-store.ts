import {
  type AccountId,
  type CallAnswer,
  type CallEnding,
  type CallRequest,
  type ChargeAnswer,
  type ChargeRequest,
  type CommitAnswer,
  type CommitRequest,
  type JournalEntry,
  type JournalRead,
  type JournalSnapshot,
  type LeaseAnswer,
  type LeaseInfo,
  type StaleJournal,
  type StateStore,
  StoreClosedError,
  type StoreRecord,
} from '@krakenkit/core/store';
import type { CallSlots } from './call-slots.js';
import { endCalls, grantWithCharges } from './call-step.js';
import { type CounterValue, chargeCounter, decayed } from './counter-math.js';
import {
  checkCallRequest,
  checkCharge,
  checkCharges,
  checkCommitRequest,
  checkCounterQuery,
  checkMs,
  checkName,
  checkSeq,
  checkSnapshot,
  checkValue,
} from './limits.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Epoch-ms clock (default Date.now): injectable so tests can move time. */
  now?: () => number;
}

interface Journal {
  seq: number;
  entries: JournalEntry[];
  snapshot: JournalSnapshot | undefined;
}

interface Account {
  /** The last nonce issued and the calls in flight. */
  slots: CallSlots;
  counters: Map<string, CounterValue>;
  journals: Map<string, Journal>;
  leases: Map<string, { holder: string; expiresAt: number }>;
  records: Map<string, string>;
}

/**
 * A store in this process's memory: the semantics every store shares, for tests and for a single process that
 * needs nothing to survive it. Each call is atomic because it never awaits in the middle. It refuses what the
 * durable stores refuse (sizes, malformed numbers), so code tried on it does not fail later on them.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): StateStore {
  return new MemoryStore(options.now ?? Date.now);
}

class MemoryStore implements StateStore {
  readonly kind = 'memory' as const;
  readonly location = 'memory';
  readonly #accounts = new Map<AccountId, Account>();
  readonly #now: () => number;
  #closed = false;

  constructor(now: () => number) {
    this.#now = now;
  }

  async beginCall(account: AccountId, request: CallRequest): Promise<CallAnswer> {
    checkCallRequest(request);
    const state = this.#account(account);
    const now = this.#now();
    this.#end(state, request.ending ?? [], now);
    const commit = request.commit;
    const journal = commit === undefined ? undefined : this.#journal(state, commit.stream);
    if (commit !== undefined && journal !== undefined && journal.seq !== commit.expectedSeq) {
      return { granted: false, retryInMs: 0, stale: staleOf(journal, commit.expectedSeq) };
    }
    const step = grantWithCharges(state.slots, state.counters, request, now);
    if (step.slots !== undefined) state.slots = step.slots;
    if (step.counters !== undefined) state.counters = step.counters;
    if (!step.answer.granted || journal === undefined || commit === undefined) return step.answer;
    append(journal, commit.entries);
    return { ...step.answer, seq: journal.seq };
  }

  async endCall(account: AccountId, nonce: string, charges?: readonly ChargeRequest[]): Promise<void> {
    checkCharges('endCall.charges', charges);
    const state = this.#account(account);
    this.#end(state, [charges === undefined ? { nonce } : { nonce, charges }], this.#now());
  }

  #end(state: Account, ending: readonly CallEnding[], now: number): void {
    if (ending.length === 0) return;
    const ended = endCalls(state.slots, state.counters, ending, now);
    state.slots = ended.slots;
    if (ended.counters !== undefined) state.counters = ended.counters;
  }

  async charge(account: AccountId, request: ChargeRequest): Promise<ChargeAnswer> {
    checkCharge('charge', request);
    const state = this.#account(account);
    const { answer, next } = chargeCounter(state.counters.get(request.counter), request, this.#now());
    if (next !== undefined) state.counters.set(request.counter, next);
    return answer;
  }

  async counterLevel(account: AccountId, counter: string, decayPerSecond: number): Promise<number> {
    checkCounterQuery('counterLevel', counter, decayPerSecond);
    return decayed(this.#account(account).counters.get(counter), decayPerSecond, this.#now());
  }

  async commit(account: AccountId, request: CommitRequest): Promise<CommitAnswer> {
    checkCommitRequest(request);
    const state = this.#account(account);
    const journal = this.#journal(state, request.stream);
    if (journal.seq !== request.expectedSeq)
      return { status: 'stale', ...staleOf(journal, request.expectedSeq) };
    return this.#commitCharges(state, journal, request, this.#now());
  }

  async readJournal(account: AccountId, stream: string, afterSeq: number): Promise<JournalRead> {
    checkName('readJournal.stream', stream);
    checkSeq('readJournal.afterSeq', afterSeq);
    const journal = this.#journal(this.#account(account), stream);
    return { seq: journal.seq, ...readAfter(journal, afterSeq) };
  }

  async compactJournal(account: AccountId, stream: string, seq: number, state: string): Promise<void> {
    checkName('compactJournal.stream', stream);
    checkSeq('compactJournal.seq', seq);
    checkSnapshot('compactJournal.state', state);
    const journal = this.#journal(this.#account(account), stream);
    if (seq > journal.seq || (journal.snapshot !== undefined && journal.snapshot.seq >= seq)) return;
    journal.snapshot = { seq, state };
    journal.entries = journal.entries.filter((entry) => entry.seq > seq);
  }

  async acquireLease(account: AccountId, name: string, holder: string, ttlMs: number): Promise<LeaseAnswer> {
    checkName('acquireLease.name', name);
    checkValue('acquireLease.holder', holder);
    checkMs('acquireLease.ttlMs', ttlMs);
    const leases = this.#account(account).leases;
    const now = this.#now();
    const current = leases.get(name);
    if (current !== undefined && current.holder !== holder && current.expiresAt > now)
      return { acquired: false, holder: current.holder, expiresAt: current.expiresAt };
    const expiresAt = now + ttlMs;
    leases.set(name, { holder, expiresAt });
    return { acquired: true, expiresAt };
  }

  async renewLease(account: AccountId, name: string, holder: string, ttlMs: number): Promise<boolean> {
    checkMs('renewLease.ttlMs', ttlMs);
    const leases = this.#account(account).leases;
    const now = this.#now();
    const current = leases.get(name);
    if (current === undefined || current.holder !== holder || current.expiresAt <= now) return false;
    current.expiresAt = now + ttlMs;
    return true;
  }

  async releaseLease(account: AccountId, name: string, holder: string): Promise<void> {
    const leases = this.#account(account).leases;
    if (leases.get(name)?.holder === holder) leases.delete(name);
  }

  async listLeases(account: AccountId, prefix: string): Promise<LeaseInfo[]> {
    const now = this.#now();
    return [...this.#account(account).leases]
      .filter(([name, lease]) => name.startsWith(prefix) && lease.expiresAt > now)
      .map(([name, lease]) => ({ name, holder: lease.holder, expiresAt: lease.expiresAt }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async getRecord(account: AccountId, key: string): Promise<string | undefined> {
    checkName('getRecord.key', key);
    return this.#account(account).records.get(key);
  }

  async putRecord(account: AccountId, key: string, value: string): Promise<void> {
    checkName('putRecord.key', key);
    checkValue('putRecord.value', value);
    this.#account(account).records.set(key, value);
  }

  async deleteRecord(account: AccountId, key: string): Promise<void> {
    checkName('deleteRecord.key', key);
    this.#account(account).records.delete(key);
  }

  async listRecords(account: AccountId, prefix: string): Promise<StoreRecord[]> {
    return [...this.#account(account).records]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => ({ key, value }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  // All charges or none; two charges of one counter in a commit see each other.
  #commitCharges(state: Account, journal: Journal, request: CommitRequest, now: number): CommitAnswer {
    const staged = new Map<string, CounterValue | undefined>();
    const answers: ChargeAnswer[] = [];
    for (const charge of request.charges ?? []) {
      const current = staged.has(charge.counter)
        ? staged.get(charge.counter)
        : state.counters.get(charge.counter);
      const { answer, next } = chargeCounter(current, charge, now);
      answers.push(answer);
      if (!answer.granted) return { status: 'refused', seq: journal.seq, charges: answers };
      staged.set(charge.counter, next);
    }
    for (const [counter, value] of staged) if (value !== undefined) state.counters.set(counter, value);
    append(journal, request.entries);
    return { status: 'appended', seq: journal.seq, charges: answers };
  }

  #account(account: AccountId): Account {
    if (this.#closed) throw new StoreClosedError(this.location);
    let state = this.#accounts.get(account);
    if (state === undefined) {
      state = {
        slots: { last: undefined, inFlight: [] },
        counters: new Map(),
        journals: new Map(),
        leases: new Map(),
        records: new Map(),
      };
      this.#accounts.set(account, state);
    }
    return state;
  }

  #journal(state: Account, stream: string): Journal {
    let journal = state.journals.get(stream);
    if (journal === undefined) {
      journal = { seq: 0, entries: [], snapshot: undefined };
      state.journals.set(stream, journal);
    }
    return journal;
  }
}

function append(journal: Journal, entries: readonly string[]): void {
  for (const entry of entries) {
    journal.seq += 1;
    journal.entries.push({ seq: journal.seq, entry });
  }
}

function staleOf(journal: Journal, expectedSeq: number): StaleJournal {
  const read = readAfter(journal, expectedSeq);
  return {
    seq: journal.seq,
    missed: read.entries,
    ...(read.snapshot === undefined ? {} : { snapshot: read.snapshot }),
  };
}

// A reader behind the snapshot starts from it; entries it already has are not sent again.
function readAfter(
  journal: Journal,
  afterSeq: number,
): { snapshot?: JournalSnapshot; entries: JournalEntry[] } {
  const snapshot = journal.snapshot;
  const behind = snapshot !== undefined && afterSeq < snapshot.seq;
  const from = behind ? snapshot.seq : afterSeq;
  const entries = journal.entries.filter((entry) => entry.seq > from);
  return behind ? { snapshot, entries } : { entries };
}
