/**
 * The seam for state that must outlive a process or be shared by several processes on one API key: nonces and the
 * order private calls leave in, Kraken's decaying rate counters, the guard's journal of reservations and outcomes,
 * leases (one process per bot name, live sessions) and small records (each bot's own orders by cl_ord_id).
 *
 * Every method is async and atomic on its own. `commit` joins a journal append with counter charges, so an
 * order's reservation and its rate charge are taken in one step (one round trip on a networked store).
 * Everything is namespaced by an {@link AccountId} (a digest of the API key, never the key itself). Values are
 * strings (JSON chosen by the caller): the store never interprets them.
 *
 * Implementations: `@krakenkit/store` (memory, a durable directory, Redis).
 */
export interface StateStore {
  /** Which implementation this is. */
  readonly kind: StoreKind;
  /** Where the state lives, safe to print (a directory, or a Redis URL without its password). */
  readonly location: string;

  /**
   * Starts a private call of the key: a nonce above every nonce this store issued for the account, granted only
   * while the account's calls in flight (across every process) fit its Kraken nonce window: with window 0 only
   * one call is in flight at a time, so calls arrive at Kraken in nonce order. Otherwise the answer says how long
   * to wait before asking again. A granted call holds its slot until {@link endCall}, or until `leaseMs` passes
   * (a process killed mid-call never blocks the key for ever).
   *
   * The same atomic step may end this process's finished calls (`ending`), take counter charges (`charges`) and
   * append to a journal (`commit`): an order's reservation, its rate charge and its nonce in one round trip.
   * The slot is granted only when all of them hold; otherwise nothing but the endings happens.
   */
  beginCall(account: AccountId, request: CallRequest): Promise<CallAnswer>;
  /**
   * Ends a call begun with {@link beginCall} (its answer arrived, or it was never sent). Idempotent. `charges`
   * (forced: a correction of what the call cost, such as its flight's decay) are taken in the same step.
   */
  endCall(account: AccountId, nonce: string, charges?: readonly ChargeRequest[]): Promise<void>;

  /** Charges a decaying counter (Kraken's REST counter, a pair's matching-engine counter). See {@link ChargeRequest}. */
  charge(account: AccountId, request: ChargeRequest): Promise<ChargeAnswer>;
  /** A counter's level now, after decay (0 when never charged). */
  counterLevel(account: AccountId, counter: string, decayPerSecond: number): Promise<number>;

  /**
   * Appends entries to a journal if it is still at `expectedSeq` (optimistic concurrency): a writer that missed
   * entries gets them back instead, applies them, re-decides and tries again. Charges, when given, are taken in
   * the same atomic step and only if every one is granted; a charge that does not fit fails the commit with nothing
   * appended or charged.
   */
  commit(account: AccountId, request: CommitRequest): Promise<CommitAnswer>;
  /** Entries after `afterSeq`, with the newest snapshot when `afterSeq` is older than it (compacted away). */
  readJournal(account: AccountId, stream: string, afterSeq: number): Promise<JournalRead>;
  /**
   * Records the state folded from every entry up to and including `seq`, and drops those entries. A snapshot
   * older than the current one is ignored.
   */
  compactJournal(account: AccountId, stream: string, seq: number, state: string): Promise<void>;

  /**
   * Takes a named lease (a bot name, a live session) for `holder` unless another holder has it and it has not
   * expired. The holder keeps it by renewing it before `ttlMs` passes.
   */
  acquireLease(account: AccountId, name: string, holder: string, ttlMs: number): Promise<LeaseAnswer>;
  /** Extends a lease this holder has; false when it has lost it (expired and taken, or released). */
  renewLease(account: AccountId, name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Releases a lease if this holder has it. */
  releaseLease(account: AccountId, name: string, holder: string): Promise<void>;
  /** Unexpired leases whose names start with `prefix`. */
  listLeases(account: AccountId, prefix: string): Promise<LeaseInfo[]>;

  /** A record, or undefined. */
  getRecord(account: AccountId, key: string): Promise<string | undefined>;
  /** Writes a record (replacing it). Durable stores keep it across a crash of the writing process. */
  putRecord(account: AccountId, key: string, value: string): Promise<void>;
  /** Deletes a record; no error when absent. */
  deleteRecord(account: AccountId, key: string): Promise<void>;
  /** Records whose keys start with `prefix`, sorted by key. */
  listRecords(account: AccountId, prefix: string): Promise<StoreRecord[]>;

  /** Releases connections and file handles. Later calls fail with StoreClosedError. */
  close(): Promise<void>;
}

/** The three stores. */
export type StoreKind = 'memory' | 'file' | 'redis';

/** Names an account's state in a store: a digest of the API key (see accountIdOf), never the key. */
export type AccountId = string;

/** What {@link StateStore.beginCall} is asked. */
export interface CallRequest {
  /** The key's Kraken nonce window (0 = strictly increasing: one call in flight per account). */
  window: number;
  /** How long a granted slot is held at most if never ended (a crashed process). */
  leaseMs: number;
  /** Calls of the caller that are over: ended first, whatever the rest of the answer (saves an endCall). */
  ending?: readonly CallEnding[];
  /** Charges that must all fit for the slot to be granted (refused: nothing charged, no slot). */
  charges?: readonly ChargeRequest[];
  /** A journal append that must find its journal at `expectedSeq` for the slot to be granted (see commit). */
  commit?: CallCommit;
  /**
   * Who asks, for a fair share of scarce budget: a caller whose charge does not fit is queued for that counter,
   * and while it waits no other caller's charge on the counter is granted, however it fits. Without it a call
   * neither queues nor waits for a queue.
   */
  waiter?: CallWaiter;
}

/**
 * A caller in the queue for a counter's budget (see CallRequest.waiter). Its place lasts until the wait it was
 * told plus `graceMs`: a caller that died or gave up holds the others up for no longer than that.
 */
export interface CallWaiter {
  /** Names the caller (one per process and key: a random id); at most 64 characters. */
  id: string;
  /** How late the caller may come back after the wait it was told, in ms (> 0, at most 60,000). */
  graceMs: number;
}

/** A finished call ended inside a beginCall, with its forced correction charges (see endCall). */
export interface CallEnding {
  nonce: string;
  charges?: readonly ChargeRequest[];
}

/** The journal part of a beginCall: appended with the slot, or not at all. */
export interface CallCommit {
  stream: string;
  expectedSeq: number;
  entries: readonly string[];
}

/**
 * A granted call (its nonce; `charges` answers the request's charges; `seq` is the journal's after the append),
 * or how long to wait before asking again: `charges` then says which charge did not fit, and `stale` holds the
 * journal entries the caller missed (it applies them, re-decides and asks again at once).
 */
export type CallAnswer =
  | { granted: true; nonce: string; charges?: ChargeAnswer[]; seq?: number }
  | { granted: false; retryInMs: number; charges?: ChargeAnswer[]; stale?: StaleJournal };

/** What a writer that was behind the journal missed. */
export interface StaleJournal {
  seq: number;
  missed: JournalEntry[];
  snapshot?: JournalSnapshot;
}

/**
 * A charge of a counter that decays linearly by `decayPerSecond` down to zero (Kraken's model). It is granted
 * when the decayed level plus `cost` stays within `max` (with 1e-9 to spare while the counter is decaying and not
 * empty: the exchange's own rounding of the decay may put an exact fit one rounding error over), or always when
 * `force` (cancels: Kraken charges them but a cancel is never held back). Levels are counts, not money: plain
 * numbers.
 */
export interface ChargeRequest {
  counter: string;
  cost: number;
  max: number;
  decayPerSecond: number;
  force?: boolean;
}

/** The counter after the charge (or unchanged when refused) and, when refused, when it would fit. */
export interface ChargeAnswer {
  granted: boolean;
  level: number;
  /** 0 when granted; else how long until the decay makes room for `cost`. */
  retryInMs: number;
}

/** An optimistic journal append, with charges taken in the same atomic step. */
export interface CommitRequest {
  stream: string;
  /** The sequence number of the last entry the writer has applied (0 for none). */
  expectedSeq: number;
  /** New entries; may be empty (then only the charges are taken, still only if the journal is at expectedSeq). */
  entries: readonly string[];
  charges?: readonly ChargeRequest[];
}

/** One journal entry and its sequence number (1, 2, 3, … per stream). */
export interface JournalEntry {
  seq: number;
  entry: string;
}

/**
 * The outcome of a commit. `appended`: the entries got the sequence numbers after `expectedSeq`, up to `seq`.
 * `stale`: the journal had moved on: `missed` holds what the writer has not applied (and `snapshot` when entries
 * it needs were compacted away). `refused`: a charge did not fit; nothing was appended.
 */
export type CommitAnswer =
  | { status: 'appended'; seq: number; charges: ChargeAnswer[] }
  | { status: 'stale'; seq: number; missed: JournalEntry[]; snapshot?: JournalSnapshot }
  | { status: 'refused'; seq: number; charges: ChargeAnswer[] };

/** State folded from a journal's entries up to `seq` (see compactJournal). */
export interface JournalSnapshot {
  seq: number;
  state: string;
}

/** What readJournal returns: the snapshot to start from (if the reader is behind it), then the entries after. */
export interface JournalRead {
  /** The journal's last sequence number. */
  seq: number;
  snapshot?: JournalSnapshot;
  entries: JournalEntry[];
}

/** A lease taken, or who holds it and until when. */
export type LeaseAnswer =
  | { acquired: true; expiresAt: number }
  | { acquired: false; holder: string; expiresAt: number };

/** An unexpired lease. */
export interface LeaseInfo {
  name: string;
  holder: string;
  expiresAt: number;
}

/** A stored record. */
export interface StoreRecord {
  key: string;
  value: string;
}
