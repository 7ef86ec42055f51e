import { createClient, type KrakenClient, TransportError } from '@krakenkit/client';
import { compareNonces, createStoreNonceSource } from '@krakenkit/client/nonce';
import { KRAKENKIT_CODES } from '@krakenkit/core';
import { accountIdOf, type StateStore, StoreUnavailableError } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import { waitFor } from '@krakenkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { passthroughLimiter, testKey } from './helpers/fixtures.js';
import { type Stub, startStub } from './helpers/loopback-kraken.js';

const ACCOUNT = accountIdOf('a-key');

let stub: Stub | undefined;
const clients: KrakenClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await stub?.close();
  stub = undefined;
});

/** Records every store call (method and arguments) and lets a test make chosen calls fail. */
function recordingStore(inner: StateStore) {
  const log: Array<{ method: string; args: unknown[] }> = [];
  const failing = new Set<string>();
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        log.push({ method: String(property), args });
        if (failing.has(String(property))) throw new Error('socket hang up');
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, log, failing };
}

function beginCalls(log: ReadonlyArray<{ method: string }>): number {
  return log.filter((entry) => entry.method === 'beginCall').length;
}

/** Tracks a promise's outcome so a test can wait for it (or see that it has not happened). */
function track<T>(promise: Promise<T>): { done: boolean; value: T | undefined; error: unknown } {
  const state = { done: false, value: undefined as T | undefined, error: undefined as unknown };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

describe('the store nonce source (nonce window 0)', () => {
  it('grants the next slot only once the previous call is settled, with a greater nonce', async () => {
    const { store, log } = recordingStore(createMemoryStore());
    const first = createStoreNonceSource({ store, account: ACCOUNT });
    const second = createStoreNonceSource({ store, account: ACCOUNT });
    const held = await first.next();
    const waiting = track(second.next());
    await waitFor(() => beginCalls(log) >= 4, 'the second source to be refused a few times');
    expect(waiting.done).toBe(false);
    await first.settle(held);
    await waitFor(() => waiting.done, 'the second slot');
    expect(compareNonces(waiting.value as string, held)).toBeGreaterThan(0);
  });

  it('frees the slot of a process that died mid-call once its lease ends', async () => {
    let now = 1_700_000_000_000;
    const { store, log } = recordingStore(createMemoryStore({ now: () => now }));
    const crashed = createStoreNonceSource({ store, account: ACCOUNT, leaseMs: 20_000 });
    await crashed.next(); // ...and never settled
    const survivor = track(createStoreNonceSource({ store, account: ACCOUNT }).next());
    now += 19_999;
    const asked = beginCalls(log);
    await waitFor(() => beginCalls(log) >= asked + 2, 'the survivor to ask again just before the lease ends');
    expect(survivor.done).toBe(false);
    now += 2;
    await waitFor(() => survivor.done, 'the slot after the lease ends');
    expect(survivor.error).toBeUndefined();
  });

  it('lets the key go after a call has held its turn holdMs, though its answer has not come', async () => {
    const { store, log } = recordingStore(createMemoryStore());
    const slow = createStoreNonceSource({ store, account: ACCOUNT, holdMs: 50 });
    const other = createStoreNonceSource({ store, account: ACCOUNT, holdMs: 50 });
    const unanswered = await slow.next();
    // The store frees a dead holder's slot a second after its hold.
    expect(log[0]?.args[1]).toEqual({ window: 0, leaseMs: 1_050 });
    const next = await other.next();
    expect(BigInt(next)).toBeGreaterThan(BigInt(unanswered));
    // Its answer finally comes: its turn is over already, nothing more is ended.
    await slow.settle(unanswered);
    await other.settle(next);
    const endings = () =>
      log.flatMap((entry) =>
        entry.method === 'endCall'
          ? [String(entry.args[1])]
          : ((entry.args[1] as { ending?: Array<{ nonce: string }> }).ending ?? []).map((call) => call.nonce),
      );
    await waitFor(() => endings().length >= 2, 'both slots to be freed');
    expect(endings().sort()).toEqual([unanswered, next].sort());
  });

  it('stops waiting when aborted, and leaves no slot behind', async () => {
    const store = createMemoryStore();
    const owner = createStoreNonceSource({ store, account: ACCOUNT });
    const other = createStoreNonceSource({ store, account: ACCOUNT });
    const held = await owner.next();
    const controller = new AbortController();
    const aborted = track(other.next({ signal: controller.signal }));
    controller.abort(new Error('caller gave up'));
    await waitFor(() => aborted.done, 'the aborted wait to end');
    expect((aborted.error as Error).message).toBe('caller gave up');
    await owner.settle(held);
    // With a slot leaked by the aborted wait, these would wait for its lease (20 s) instead.
    await owner.settle(await owner.next());
    const third = createStoreNonceSource({ store, account: ACCOUNT });
    await expect(third.next()).resolves.toMatch(/^\d+$/);
  });

  it("frees a finished call's slot in the same store step that begins the next call", async () => {
    const { store, log } = recordingStore(createMemoryStore());
    const source = createStoreNonceSource({ store, account: ACCOUNT });
    let previous = await source.next();
    for (let i = 0; i < 5; i += 1) {
      void source.settle(previous);
      const next = await source.next();
      expect(BigInt(next)).toBeGreaterThan(BigInt(previous));
      expect(log.at(-1)?.args[1]).toMatchObject({ ending: [{ nonce: previous }] });
      previous = next;
    }
    // One round trip per call: no separate endCall while calls follow each other.
    expect(log.map((entry) => entry.method)).toEqual(Array(6).fill('beginCall'));
  });

  it('frees a slot it could not free at settle time with the step that asks for the next one', async () => {
    const { store, log, failing } = recordingStore(createMemoryStore());
    const source = createStoreNonceSource({ store, account: ACCOUNT, leaseMs: 60_000 });
    const first = await source.next();
    failing.add('endCall');
    await expect(source.settle(first)).resolves.toBeUndefined();
    await waitFor(() => log.some((entry) => entry.method === 'endCall'), 'the slot to be freed on its own');
    failing.delete('endCall');
    await source.next();
    expect(log.at(-1)?.method).toBe('beginCall');
    expect(log.at(-1)?.args[1]).toMatchObject({ ending: [{ nonce: first }] });
  });

  it('turns any store failure into StoreUnavailableError, with no nonce issued', async () => {
    const { store, failing } = recordingStore(createMemoryStore());
    failing.add('beginCall');
    const source = createStoreNonceSource({ store, account: ACCOUNT });
    await expect(source.next()).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('the key lane with a store source', () => {
  it('returns a call’s answer even when its slot cannot be freed afterwards', async () => {
    const key = testKey();
    stub = await startStub({ secret: key.apiSecret, handle: () => ({ result: { ZUSD: '1.0000' } }) });
    const { store, failing } = recordingStore(createMemoryStore());
    const client = createClient({
      baseUrl: stub.url,
      key,
      store: { store },
      rateLimit: { limiter: passthroughLimiter() },
    });
    clients.push(client);
    failing.add('endCall');
    await expect(client.balance()).resolves.toEqual({ ZUSD: '1.0000' });
    // The next call frees that slot in its own step.
    await expect(client.balance()).resolves.toEqual({ ZUSD: '1.0000' });
    expect(stub.requests).toHaveLength(2);
    // While the store fails to begin a call, it fails typed and sends nothing.
    failing.add('beginCall');
    await expect(client.balance()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(stub.requests).toHaveLength(2);
    failing.delete('beginCall');
    await expect(client.balance()).resolves.toEqual({ ZUSD: '1.0000' });
    expect(stub.requests).toHaveLength(3);
  });

  it('a call aborted while another process holds the key fails as not sent, and leaves no slot behind', async () => {
    const key = testKey();
    stub = await startStub({ secret: key.apiSecret, handle: () => ({ result: { ZUSD: '1.0000' } }) });
    const { store, log } = recordingStore(createMemoryStore());
    const account = accountIdOf(key.apiKey);
    const elsewhere = await store.beginCall(account, { window: 0, leaseMs: 60_000 });
    if (!elsewhere.granted) throw new Error('the other process should hold the slot');
    const client = createClient({ baseUrl: stub.url, key, store: { store } });
    clients.push(client);
    const controller = new AbortController();
    const call = track(client.balance(undefined, { signal: controller.signal }));
    await waitFor(() => beginCalls(log) >= 3, 'the call to wait for the slot');
    controller.abort();
    await waitFor(() => call.done, 'the aborted call to end');
    expect(call.error).toBeInstanceOf(TransportError);
    expect(call.error).toMatchObject({ outcome: 'not-sent', code: KRAKENKIT_CODES.ABORTED });
    expect(stub.requests).toHaveLength(0);
    await store.endCall(account, elsewhere.nonce);
    await expect(client.balance()).resolves.toEqual({ ZUSD: '1.0000' });
    expect(stub.requests).toHaveLength(1);
  });

  it('two clients of one key in one process given the same store share one source; another store is refused', async () => {
    const key = testKey();
    const store = createMemoryStore();
    clients.push(createClient({ key, store: { store } }), createClient({ key, store: { store } }));
    expect(() => createClient({ key, store: { store: createMemoryStore() } })).toThrow(/nonce source/);
    expect(() => createClient({ key, store: { store }, nonce: { next: () => '1' } })).toThrow(/not both/);
  });
});
