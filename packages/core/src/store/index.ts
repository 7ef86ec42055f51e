/**
 * `@krakenkit/core/store` — the contract of the state store: what the client (nonces, the REST counter), the
 * guard (its journal) and the runner (leases, each bot's orders) keep outside the process. The stores themselves
 * are in `@krakenkit/store`.
 *
 * @module @krakenkit/core/store
 */
export { accountIdOf } from './account-id.js';
export { LeaseHeldError, StoreClosedError, StoreCorruptError, StoreUnavailableError } from './errors.js';
export type {
  AccountId,
  CallAnswer,
  CallCommit,
  CallEnding,
  CallRequest,
  CallWaiter,
  ChargeAnswer,
  ChargeRequest,
  CommitAnswer,
  CommitRequest,
  JournalEntry,
  JournalRead,
  JournalSnapshot,
  LeaseAnswer,
  LeaseInfo,
  StaleJournal,
  StateStore,
  StoreKind,
  StoreRecord,
} from './state-store.js';
