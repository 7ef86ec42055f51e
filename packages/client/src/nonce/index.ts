/**
 * `@krakenkit/client/nonce` — nonce sources for `ClientOptions.nonce`. The default is a process-wide microsecond
 * clock per key (`createClockNonceSource`); `createFileNonceSource` and `createPersistedNonceSource` keep a floor
 * in a store (a file, memory, or your own `NonceFloorStore`) so nonces stay strictly increasing across restarts
 * of one process; `createStoreNonceSource` takes nonces and turns from a shared state store, so several
 * processes can use one key (`ClientOptions.store` wires it for you). Also `compareNonces` and `NonceError`.
 *
 * @module @krakenkit/client/nonce
 */

export { type ClockNonceOptions, type ClockNonceSource, createClockNonceSource } from './clock-source.js';
export { compareNonces, isNonceText, NonceError } from './compare.js';
export {
  createFileNonceSource,
  createPersistedNonceSource,
  DEFAULT_RESERVE_AHEAD_US,
  fileFloorStore,
  memoryFloorStore,
  type PersistedNonceOptions,
} from './persisted-source.js';
export { createStoreNonceSource, type StoreNonceOptions, type StoreNonceSource } from './store-source.js';
export type {
  CallStep,
  JournalStep,
  NonceFloorStore,
  NonceRequest,
  NonceSource,
  SyncNonceSource,
} from './types.js';
