import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { OrderNotPlacedError, TransportError } from '../src/errors/index.js';
import { createFetchTransport } from '../src/transport/fetch.js';
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
const MIB = 1024 * 1024;

async function setup(
  handle: (request: StubRequest) => StubReply,
  options: { maxResponseBytes?: number; fetch?: boolean } = {},
): Promise<{ client: KrakenClient; stub: Stub }> {
  const key = testKey();
  stub = await startStub({ secret: key.apiSecret, handle });
  client = createClient({
    baseUrl: stub.url,
    key,
    rateLimit: { limiter: passthroughLimiter() },
    timers: instantTimers(),
    retry: { attempts: 1, reconcileDelayMs: 0 },
    ...(options.fetch ? { transport: createFetchTransport({ baseUrl: stub.url }) } : {}),
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
  });
  return { client, stub };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('an answer larger than maxResponseBytes', () => {
  for (const [transport, fetch] of [
    ['undici Pool', false],
    ['fetch', true],
  ] as const) {
    for (const declared of [true, false]) {
      it(`fails typed and frees the key's lane (${transport}, ${declared ? 'Content-Length' : 'chunked'})`, async () => {
        let huge = true;
        const { client } = await setup(
          (request) => {
            if (request.endpoint === 'Balance' && huge) return { huge: { bytes: 64 * MIB, declared } };
            return { result: { ZUSD: '10.0000' } };
          },
          { maxResponseBytes: MIB, fetch },
        );
        const error = await failureOf(client.balance());
        expect(error).toBeInstanceOf(TransportError);
        expect(error).toMatchObject({ code: 'KRAKENKIT_RESPONSE_TOO_LARGE', outcome: 'unknown' });
        expect(String((error as Error).message)).toMatch(/larger than 1048576 bytes/);
        // The next private call of the same key is not stuck behind the abandoned answer.
        huge = false;
        expect(await client.balance()).toEqual({ ZUSD: '10.0000' });
      });
    }
  }

  it('is an unknown outcome for AddOrder: reconciled by cl_ord_id, never re-sent', async () => {
    const { client, stub } = await setup(
      (request) => {
        if (request.endpoint === 'AddOrder') return { huge: { bytes: 8 * MIB, declared: false } };
        if (request.endpoint === 'OpenOrders') return { result: { open: {} } };
        return { result: { closed: {}, count: 0 } };
      },
      { maxResponseBytes: MIB },
    );
    const error = await failureOf(client.addOrder(ORDER));
    expect(error).toBeInstanceOf(OrderNotPlacedError);
    expect((error as OrderNotPlacedError).cause).toMatchObject({ code: 'KRAKENKIT_RESPONSE_TOO_LARGE' });
    expect(stub.requests.filter((r) => r.endpoint === 'AddOrder')).toHaveLength(1);
  });

  it('is refused as a setting when it is not a whole number of bytes', () => {
    expect(() => createClient({ maxResponseBytes: 0 })).toThrow(/maxResponseBytes/);
    expect(() => createClient({ maxResponseBytes: 1.5 })).toThrow(/maxResponseBytes/);
  });
});

describe('a success envelope without what the method returns', () => {
  it('"result": null is no success (a read fails typed)', async () => {
    const { client } = await setup(() => ({ result: null }));
    const error = await failureOf(client.balance());
    expect(error).toMatchObject({ code: 'KRAKENKIT_BAD_ENVELOPE', outcome: 'unknown' });
  });

  it('an AddOrder answer without a txid is reconciled: found open by its cl_ord_id, it is the real result', async () => {
    const { client, stub } = await setup((request) => {
      if (request.endpoint === 'AddOrder')
        return { result: { descr: { order: 'buy 1.25 XBTUSD @ limit 37500' } } };
      if (request.endpoint === 'OpenOrders') {
        const sent = stub?.requests.find((r) => r.endpoint === 'AddOrder');
        const order = {
          cl_ord_id: sent?.params['cl_ord_id'],
          status: 'open',
          opentm: 1_700_000_000.1,
          descr: {
            pair: 'XBTUSD',
            type: 'buy',
            ordertype: 'limit',
            price: '37500.0',
            order: 'buy 1.25 XBTUSD',
          },
          vol: '1.25',
          vol_exec: '0',
        };
        return { result: { open: { 'OQCLML-BW3P3-BUCMWZ': order } } };
      }
      return { error: ['EGeneral:Unknown method'] };
    });
    const result = await client.addOrder(ORDER);
    expect(result).toMatchObject({ txid: ['OQCLML-BW3P3-BUCMWZ'], reconciled: true });
    expect(stub.requests.map((r) => r.endpoint)).toEqual(['AddOrder', 'OpenOrders']);
  });

  it('an AddOrder answer of null is reconciled too: proved absent, OrderNotPlacedError', async () => {
    const { client } = await setup((request) => {
      if (request.endpoint === 'AddOrder') return { result: null };
      if (request.endpoint === 'OpenOrders') return { result: { open: {} } };
      return { result: { closed: {}, count: 0 } };
    });
    expect(await failureOf(client.addOrder(ORDER))).toBeInstanceOf(OrderNotPlacedError);
  });

  it('a validate-only AddOrder needs no txid', async () => {
    const { client } = await setup(() => ({ result: { descr: { order: 'buy 1.25 XBTUSD @ limit 37500' } } }));
    expect(await client.addOrder({ ...ORDER, validate: true })).toEqual({
      descr: { order: 'buy 1.25 XBTUSD @ limit 37500' },
    });
  });

  it('an AmendOrder answer without an amend_id is no success', async () => {
    const { client } = await setup(() => ({ result: {} }));
    const error = await failureOf(client.amendOrder({ txid: 'OQCLML-BW3P3-BUCMWZ', order_qty: '1' }));
    expect(error).toMatchObject({ code: 'KRAKENKIT_BAD_RESPONSE', outcome: 'unknown' });
    expect(String((error as Error).message)).toMatch(/no amend_id/);
  });

  it('an AddOrderBatch answer that does not account for every order is reconciled, not trusted', async () => {
    const { client, stub } = await setup((request) => {
      if (request.endpoint === 'AddOrderBatch')
        return { result: { orders: [{ txid: 'OAAAAA-AAAAA-AAAAAA' }] } };
      if (request.endpoint === 'OpenOrders') return { result: { open: {} } };
      return { result: { closed: {}, count: 0 } };
    });
    const batch = { pair: 'XBTUSD', orders: [ORDER, { ...ORDER, price: '37400' }] } as const;
    const error = await failureOf(
      client.addOrderBatch({
        pair: batch.pair,
        orders: batch.orders.map(({ pair: _pair, ...order }) => order),
      }),
    );
    expect(error).not.toBeUndefined();
    expect(stub.requests.filter((r) => r.endpoint === 'AddOrderBatch')).toHaveLength(1);
    expect(stub.requests.map((r) => r.endpoint)).toContain('OpenOrders');
  });
});
