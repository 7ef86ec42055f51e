import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallRequest, type StateStore, StoreUnavailableError } from '@krakenkit/core/store';
import { createFileStore, createMemoryStore, createRedisStore } from '@krakenkit/store';
import type { RedisForTests } from '@krakenkit/test-support/redis';

/** One store call as a process made it: the method and, for a beginCall, the journal entries it carried. */
export interface StoreCall {
  method: string;
  /** The beginCall's journal entries, parsed (a reservation step), else undefined. */
  entries?: Array<{
    type: string;
    event?: { type: string; ref?: string };
    records?: Array<{ ref?: string }>;
  }>;
}

/**
 * One process's view of a shared store: every call it makes is logged, and its journal commits can be refused
 * (the store unreachable for them), or made to land and then lose their answer. `dead` stands for a process that
 * was killed: nothing it asks reaches the store any more.
 */
export class WatchedStore {
  readonly calls: StoreCall[] = [];
  refuseCommits = false;
  loseNextCommitAnswer = false;
  dead = false;
  /** While set, commits wait for it before they reach the store (see holdCommits). */
  #commitGate: Promise<void> | undefined;
  /** Commits refused, commits that landed with their answer lost, and commits that landed and were answered. */
  refused = 0;
  lost = 0;
  committed = 0;
  readonly store: StateStore;

  constructor(inner: StateStore) {
    this.store = new Proxy(inner, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        const method = String(property);
        return (...args: unknown[]) =>
          this.#call(target, method, value as (...args: unknown[]) => unknown, args);
      },
    });
  }

  /**
   * Holds every commit (logged when asked, sent to the store only once released) until the returned function is
   * called: what another process reads meanwhile is the state from before them, whatever the machine's speed.
   */
  holdCommits(): () => void {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#commitGate = gate;
    return () => {
      if (this.#commitGate === gate) this.#commitGate = undefined;
      release();
    };
  }

  /** The store calls logged, by method name. */
  methods(): string[] {
    return this.calls.map((call) => call.method);
  }

  async #call(
    target: StateStore,
    method: string,
    value: (...args: unknown[]) => unknown,
    args: unknown[],
  ): Promise<unknown> {
    if (method === 'close') return value.apply(target, args);
    if (this.dead) throw new StoreUnavailableError(target.location, 'the process was killed');
    const call: StoreCall = { method };
    const commit = method === 'beginCall' ? (args[1] as CallRequest).commit : undefined;
    if (commit !== undefined) call.entries = commit.entries.map((entry) => JSON.parse(entry));
    this.calls.push(call);
    if (method === 'commit' && this.refuseCommits) {
      this.refused += 1;
      throw new StoreUnavailableError(target.location, 'journal commits refused by the test');
    }
    if (method === 'commit' && this.#commitGate !== undefined) await this.#commitGate;
    const answer = await value.apply(target, args);
    if (method === 'commit' && this.loseNextCommitAnswer) {
      this.loseNextCommitAnswer = false;
      this.lost += 1;
      throw new StoreUnavailableError(target.location, 'the answer was lost');
    }
    if (method === 'commit') this.committed += 1;
    return answer;
  }
}

/** A kind of store, and how each "process" opens its own connection to the same state. */
export interface StoreKind {
  name: 'memory' | 'file' | 'redis';
  /** Skips the kind (with the reason recorded) when it cannot run here: Redis not reachable. */
  suiteOptions: { skip: boolean; meta: { skipReason?: string } };
  /** A place for one test's state. */
  place(): StorePlace;
}

/** One test's state: each process connects on its own (the memory store: one store, shared). */
export interface StorePlace {
  connect(): Promise<StateStore>;
  /** Closes every connection and removes what the test left. */
  close(): Promise<void>;
}

/** Memory, a durable directory and Redis (skipped, and said so, when none answers). */
export function storeKinds(redis: RedisForTests): StoreKind[] {
  const always = { skip: false, meta: {} };
  return [
    { name: 'memory', suiteOptions: always, place: () => memoryPlace() },
    { name: 'file', suiteOptions: always, place: () => filePlace() },
    { name: 'redis', suiteOptions: redis.suiteOptions, place: () => redisPlace(redis) },
  ];
}

function memoryPlace(): StorePlace {
  const store = createMemoryStore();
  return { connect: async () => store, close: () => store.close() };
}

function filePlace(): StorePlace {
  const dir = mkdtempSync(join(tmpdir(), 'krakenkit-outcomes-'));
  const open: StateStore[] = [];
  return {
    connect: async () => {
      const store = await createFileStore({ dir });
      open.push(store);
      return store;
    },
    close: async () => {
      await Promise.all(open.map((store) => store.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function redisPlace(redis: RedisForTests): StorePlace {
  const open: StateStore[] = [];
  return {
    connect: async () => {
      const store = await createRedisStore({ url: redis.url, keyPrefix: redis.keyPrefix });
      open.push(store);
      return store;
    },
    close: async () => {
      await Promise.all(open.map((store) => store.close()));
    },
  };
}
