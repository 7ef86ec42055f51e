import { createClient, type KrakenClient, TransportError } from '@krakenkit/client';
import { KRAKENKIT_CODES } from '@krakenkit/core';
import { StoreUnavailableError } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import { afterEach, describe, expect, it } from 'vitest';
import { passthroughLimiter, testKey } from './helpers/fixtures.js';
import { type Stub, type StubRequest, startStub } from './helpers/loopback-kraken.js';
import { storeThatCanGoDown } from './support/separate-processes.js';

let stub: Stub | undefined;
const clients: KrakenClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await stub?.close();
  stub = undefined;
});

const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '37500', volume: '1.25' } as const;

function answer(request: StubRequest) {
  if (request.endpoint === 'AddOrder') return { result: { descr: { order: 'buy' }, txid: ['OTX-1'] } };
  return { result: { ZUSD: '100.0000' } };
}

async function setUp(ownLimiter: boolean) {
  const key = testKey();
  const active = await startStub({ secret: key.apiSecret, handle: answer });
  stub = active;
  const flaky = storeThatCanGoDown(createMemoryStore());
  const client = createClient({
    baseUrl: active.url,
    key,
    store: { store: flaky.store },
    ...(ownLimiter ? { rateLimit: { limiter: passthroughLimiter() } } : {}),
  });
  clients.push(client);
  return { client, flaky, stub: active };
}

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('the call succeeded while the store was down');
    },
    (error: unknown) => error,
  );
}

describe('a client sharing its key through a store that is down', () => {
  it('fails a REST call with StoreUnavailableError at the shared counter, sends nothing, and works again once the store is back', async () => {
    const { client, flaky, stub } = await setUp(false);
    flaky.down = true;
    const error = await failureOf(client.balance());
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).code).toBe(KRAKENKIT_CODES.STORE_UNAVAILABLE);
    expect(stub.requests).toHaveLength(0);

    flaky.down = false;
    await expect(client.balance()).resolves.toEqual({ ZUSD: '100.0000' });
    expect(stub.requests).toHaveLength(1);
  });

  it('fails a call at its nonce (no nonce, nothing sent), an order included, which is not reconciled', async () => {
    const { client, flaky, stub } = await setUp(true);
    flaky.down = true;
    const query = await failureOf(client.balance());
    const order = await failureOf(client.addOrder(ORDER));
    for (const error of [query, order]) {
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error).not.toBeInstanceOf(TransportError);
    }
    expect(flaky.calls).toBeGreaterThan(0);
    expect(stub.requests).toHaveLength(0);

    flaky.down = false;
    await expect(client.addOrder(ORDER)).resolves.toMatchObject({ txid: ['OTX-1'] });
    await expect(client.balance()).resolves.toEqual({ ZUSD: '100.0000' });
    expect(stub.requests.map((request) => request.endpoint)).toEqual(['AddOrder', 'Balance']);
    expect(stub.nonceRejections).toBe(0);
  });
});
