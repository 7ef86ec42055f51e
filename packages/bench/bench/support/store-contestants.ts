/**
 * The state stores a store benchmark compares, opened side by side: memory, a durable directory (a private temp
 * dir) and Redis (when `@krakenkit/test-support/redis` finds one: `KRAKENKIT_REDIS_URL`, default 127.0.0.1:6379,
 * under a key prefix of its own that is deleted afterwards). Plus a wrapper that counts the calls a store gets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStore, createMemoryStore, createRedisStore } from '@krakenkit/store';
import { redisForTests } from '@krakenkit/test-support/redis';

/** The store contract (`StateStore` of `@krakenkit/core/store`), named through what the stores return. */
export type Store = ReturnType<typeof createMemoryStore>;

/** Stores by name, what could not be opened and why, and how to close and clean them all. */
export interface Contestants {
  stores: Map<string, Store>;
  skipped: string[];
  close(): Promise<void>;
}

/** Opens memory, file and (when reachable) Redis stores. */
export async function openStores(): Promise<Contestants> {
  const stores = new Map<string, Store>();
  const skipped: string[] = [];
  stores.set('memory', createMemoryStore());
  const dir = mkdtempSync(join(tmpdir(), 'krakenkit-bench-store-'));
  stores.set('file', await createFileStore({ dir: join(dir, 'state') }));
  const redis = await redisForTests();
  if (redis.available)
    stores.set('redis', await createRedisStore({ url: redis.url, keyPrefix: redis.keyPrefix }));
  else skipped.push(`redis: ${redis.skipReason}`);
  return {
    stores,
    skipped,
    async close() {
      for (const store of stores.values()) await store.close();
      await redis.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A store that counts every call by method name (each call of a networked store is one round trip) and appends
 * each to `log` (where a caller may add its own marks, e.g. when a request goes out).
 */
export function countingStore(inner: Store): {
  store: Store;
  counts: Map<string, number>;
  log: string[];
  total(): number;
} {
  const counts = new Map<string, number>();
  const log: string[] = [];
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        log.push(name);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, counts, log, total: () => [...counts.values()].reduce((sum, n) => sum + n, 0) };
}

/** p50, p99, min and max of samples. */
export function spread(samples: readonly number[]): { p50: number; p99: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return {
    p50: at(0.5),
    p99: at(0.99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
