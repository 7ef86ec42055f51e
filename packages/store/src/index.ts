/**
 * `@krakenkit/store` — where krakenkit keeps state that must outlive a process or be shared by several: in memory,
 * in a durable directory, or in Redis. The contract is `StateStore` from `@krakenkit/core/store`; `openStore`
 * picks a store from a spec (`memory`, a directory, `redis://…`).
 *
 * @module @krakenkit/store
 */
export { createFileStore, type FileStoreOptions } from './file/file-store.js';
export { MAX_NAME_BYTES, MAX_SNAPSHOT_BYTES, MAX_VALUE_BYTES } from './limits.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { type OpenStoreOptions, openStore } from './open-store.js';
export { createRedisStore, type RedisStoreOptions } from './redis/redis-store.js';
