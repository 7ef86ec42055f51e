import { createMemoryStore } from '@krakenkit/store';
import { waitFor } from '@krakenkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { passthroughLimiter, testKey } from './helpers/fixtures.js';
import { type Stub, startStub } from './helpers/loopback-kraken.js';
import { type ClientProcess, jitteryNetwork, startProcess } from './support/separate-processes.js';

type Client = ReturnType<ClientProcess['client']['createClient']>;

let stub: Stub | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await stub?.close();
  stub = undefined;
});

const PROCESSES = 4;
const CALLS_EACH = 20;

async function balanceAfterJitter(): Promise<{ result: unknown }> {
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
  return { result: { ZUSD: '100.0000' } };
}

/**
 * Starts PROCESSES separate client processes on one key against a strict (nonce window 0) stub, each over its
 * own jittery connection, and fires CALLS_EACH concurrent private calls from each.
 */
async function clientOf(process: ClientProcess, url: string, options: object): Promise<Client> {
  const client = process.client.createClient({
    transport: jitteryNetwork(process.transport.createPoolTransport({ baseUrl: url }), 3),
    rateLimit: { limiter: passthroughLimiter() },
    ...options,
  });
  clients.push(client);
  return client;
}

async function fireFromEveryProcess(
  share: (client: ClientProcess) => object,
): Promise<PromiseSettledResult<unknown>[]> {
  const key = testKey();
  const active = await startStub({ secret: key.apiSecret, handle: balanceAfterJitter });
  stub = active;
  const calls: Promise<unknown>[] = [];
  for (let index = 0; index < PROCESSES; index += 1) {
    const process = await startProcess();
    await clientOf(process, active.url, { key, ...share(process) });
  }
  for (let call = 0; call < CALLS_EACH; call += 1) for (const client of clients) calls.push(client.balance());
  return Promise.allSettled(calls);
}

describe('several processes on one API key with nonce window 0', () => {
  it('sharing a state store, their concurrent private calls all arrive in nonce order: zero invalid nonces', async () => {
    const store = createMemoryStore();
    const results = await fireFromEveryProcess(() => ({ store: { store } }));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(stub?.nonceRejections).toBe(0);
    expect(stub?.signatureRejections).toBe(0);
    expect(stub?.requests).toHaveLength(PROCESSES * CALLS_EACH);
    // One private call of the key in flight at a time, across all the processes.
    expect(stub?.maxConcurrent).toBe(1);
  });

  it('without the store, the same load gets calls refused for an invalid nonce (the check above can fail)', async () => {
    await fireFromEveryProcess(() => ({}));
    expect(stub?.nonceRejections).toBeGreaterThan(0);
  });

  it('a process that keeps the key busy takes turns: another one gets its calls through long before the first is done', async () => {
    const key = testKey();
    const active = await startStub({ secret: key.apiSecret, handle: balanceAfterJitter });
    stub = active;
    const store = createMemoryStore();
    const busy = await clientOf(await startProcess(), active.url, { key, store: { store } });
    const other = await clientOf(await startProcess(), active.url, { key, store: { store } });
    let busyDone = 0;
    const busyCalls = Array.from({ length: 300 }, () => busy.balance().finally(() => (busyDone += 1)));
    await waitFor(() => busyDone > 0, 'the busy process to hold the key');
    await Promise.all(Array.from({ length: 5 }, () => other.balance()));
    expect(busyDone).toBeLessThan(busyCalls.length);
    await Promise.all(busyCalls);
    expect(active.nonceRejections).toBe(0);
  });
});
