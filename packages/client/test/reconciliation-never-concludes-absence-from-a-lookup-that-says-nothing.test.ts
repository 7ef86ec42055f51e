import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { OrderNotPlacedError, UnknownOrderOutcomeError } from '../src/errors/index.js';
import { instantTimers, passthroughLimiter, testKey } from './helpers/fixtures.js';
import { type Stub, type StubReply, type StubRequest, startStub } from './helpers/loopback-kraken.js';

let stub: Stub | undefined;
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  await stub?.close();
  client = undefined;
  stub = undefined;
});

const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '37500', volume: '1.25' } as const;
const BATCH = {
  pair: 'XBTUSD',
  orders: [
    { type: 'buy', ordertype: 'limit', price: '37000', volume: '1' },
    { type: 'buy', ordertype: 'limit', price: '36000', volume: '1' },
  ],
} as const;

/** The order call's connection is reset after it was written; the lookups get what `lookups` answers. */
async function setup(lookups: (request: StubRequest) => StubReply): Promise<KrakenClient> {
  const key = testKey();
  stub = await startStub({
    secret: key.apiSecret,
    handle: (request) => (request.endpoint.startsWith('AddOrder') ? { destroy: true } : lookups(request)),
  });
  client = createClient({
    baseUrl: stub.url,
    key,
    rateLimit: { limiter: passthroughLimiter() },
    timers: instantTimers(),
    retry: { reconcileDelayMs: 0, attempts: 1 },
  });
  return client;
}

describe('an order of unknown outcome', () => {
  // "Not placed" tells the caller that placing the order again is safe: only lists that were really there may
  // prove it. A success envelope missing them (a broken proxy, a changed API) proves nothing.
  it('is not declared absent when OpenOrders and ClosedOrders answer without their order lists', async () => {
    const client = await setup(() => ({ result: {} }));
    const error = await client.addOrder(ORDER).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(OrderNotPlacedError);
    expect(error).toBeInstanceOf(UnknownOrderOutcomeError);
  });

  it('is not declared absent when only ClosedOrders answers without its list', async () => {
    const client = await setup((request) =>
      request.endpoint === 'OpenOrders' ? { result: { open: {} } } : { result: { count: 0 } },
    );
    await expect(client.addOrder(ORDER)).rejects.toBeInstanceOf(UnknownOrderOutcomeError);
  });

  it('in a batch is not declared absent when ClosedOrders does not say how many orders matched', async () => {
    // Without `count` the page may be one of many: the batch's orders can be on a page not fetched.
    const client = await setup((request) =>
      request.endpoint === 'OpenOrders' ? { result: { open: {} } } : { result: { closed: {} } },
    );
    await expect(client.addOrderBatch(BATCH)).rejects.toBeInstanceOf(UnknownOrderOutcomeError);
  });

  it('is still declared absent when both lists are there and empty', async () => {
    const client = await setup((request) =>
      request.endpoint === 'OpenOrders' ? { result: { open: {} } } : { result: { closed: {}, count: 0 } },
    );
    await expect(client.addOrder(ORDER)).rejects.toBeInstanceOf(OrderNotPlacedError);
    await expect(client.addOrderBatch(BATCH)).rejects.toBeInstanceOf(OrderNotPlacedError);
  });
});
