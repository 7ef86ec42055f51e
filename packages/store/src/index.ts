/**
 * `@krakenkit/store` — where krakenkit keeps state that must outlive a process or be shared by several: in memory,
 * in a durable directory, or in Redis. The contract is `StateStore` from `@krakenkit/core/store`.
 *
 * @module @krakenkit/store
 */
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
