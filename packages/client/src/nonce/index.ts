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
export type { NonceFloorStore, NonceSource, SyncNonceSource } from './types.js';
