import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { OrderNotPlacedError, TransportError, UnknownOrderOutcomeError } from '../src/errors/index.js';
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

function openOrder(clOrdId: unknown, status = 'open') {
  return {
    refid: null,
    userref: null,
    cl_ord_id: clOrdId,
    status,
    opentm: 1_700_000_000.1,
    descr: {
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      price: '37500.0',
      order: 'buy 1.25000000 XBTUSD @ limit 37500.0',
      close: '',
    },
    vol: '1.25',
    vol_exec: '0',
  };
}

/** A client on the default undici Pool transport against the loopback stub; AddOrder attempts time out fast. */
async function setup(handle: (request: StubRequest, sentOrders: StubRequest[]) => StubReply) {
  const key = testKey();
  const sentOrders: StubRequest[] = [];
  stub = await startStub({
    secret: key.apiSecret,
    handle: (request) => {
      if (request.endpoint.startsWith('AddOrder')) sentOrders.push(request);
      return handle(request, sentOrders);
    },
  });
  const timers = instantTimers();
  const limiter = passthroughLimiter();
  client = createClient({
    baseUrl: stub.url,
    key,
    timeoutMs: 1_500, // wide enough that only the hanging calls time out, also on a loaded machine
    rateLimit: { limiter },
    timers,
    retry: { reconcileDelayMs: 0 },
  });
  return { client, stub, sentOrders, timers, limiter };
}

const endpointsCalled = (s: Stub) => s.requests.map((r) => r.endpoint);

describe('AddOrder with an unknown outcome', () => {
  it('is reconciled as placed when OpenOrders knows its cl_ord_id (timeout after sending)', async () => {
    const { client, stub, sentOrders, limiter } = await setup((request, sent) => {
      if (request.endpoint === 'AddOrder') return { hang: true };
      if (request.endpoint === 'OpenOrders') {
        return { result: { open: { 'OQCLML-BW3P3-BUCMWZ': openOrder(sent[0]?.params['cl_ord_id']) } } };
      }
      return { error: ['EGeneral:Unknown method'] };
    });
    const result = await client.addOrder(ORDER);
    expect(result).toEqual({
      descr: { order: 'buy 1.25000000 XBTUSD @ limit 37500.0' },
      txid: ['OQCLML-BW3P3-BUCMWZ'],
      reconciled: true,
    });
    expect(sentOrders).toHaveLength(1);
    expect(endpointsCalled(stub)).toEqual(['AddOrder', 'OpenOrders']);
    expect(limiter.outcomes[0]).toMatchObject({ ok: false, errorCode: 'KRAKENKIT_TIMEOUT' });
  });

  it('is reconciled as placed from ClosedOrders when it already filled', async () => {
    const { client } = await setup((request, sent) => {
      if (request.endpoint === 'AddOrder') return { destroy: true };
      if (request.endpoint === 'OpenOrders') return { result: { open: {} } };
      const closed = {
        OFILLED: { ...openOrder(sent[0]?.params['cl_ord_id'], 'closed'), closetm: 1_700_000_001 },
      };
      return { result: { closed, count: 1 } };
    });
    const result = await client.addOrder(ORDER);
    expect(result).toMatchObject({ txid: ['OFILLED'], reconciled: true });
  });

  it('is reconciled as absent: OrderNotPlacedError wraps the original error and the order is not re-sent', async () => {
    const { client, stub, sentOrders } = await setup((request) => {
      if (request.endpoint === 'AddOrder') return { destroy: true };
      if (request.endpoint === 'OpenOrders') return { result: { open: {} } };
      return { result: { closed: {}, count: 0 } };
    });
    const error = await client.addOrder(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderNotPlacedError);
    expect((error as OrderNotPlacedError).clOrdIds).toEqual([sentOrders[0]?.params['cl_ord_id']]);
    expect((error as OrderNotPlacedError).retryable).toBe(true);
    expect((error as OrderNotPlacedError).cause).toBeInstanceOf(TransportError);
    expect(((error as OrderNotPlacedError).cause as TransportError).outcome).toBe('unknown');
    expect(sentOrders).toHaveLength(1);
    expect(endpointsCalled(stub)).toEqual(['AddOrder', 'OpenOrders', 'ClosedOrders']);
  });

  it('ignores orders of other cl_ord_ids that a server returns despite the filter', async () => {
    const { client } = await setup((request) => {
      if (request.endpoint === 'AddOrder') return { destroy: true };
      if (request.endpoint === 'OpenOrders')
        return { result: { open: { OTHER: openOrder('someone-else') } } };
      return { result: { closed: {}, count: 0 } };
    });
    await expect(client.addOrder(ORDER)).rejects.toBeInstanceOf(OrderNotPlacedError);
  });

  it('throws UnknownOrderOutcomeError when the lookups fail too', async () => {
    const { client, sentOrders } = await setup((request) => {
      if (request.endpoint === 'AddOrder') return { status: 502, text: 'bad gateway' };
      return { error: ['EGeneral:Internal error'] };
    });
    const error = await client.addOrder(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownOrderOutcomeError);
    expect((error as UnknownOrderOutcomeError).clOrdId).toBe(sentOrders[0]?.params['cl_ord_id']);
    expect(sentOrders).toHaveLength(1);
  });

  it('cannot reconcile an order placed with userref and says the outcome is unknown', async () => {
    const { client, stub } = await setup(() => ({ destroy: true }));
    const error = await client.addOrder({ ...ORDER, userref: 42 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('unknown');
    expect(endpointsCalled(stub)).toEqual(['AddOrder']);
  });

  it('waits until the order deadline has passed before concluding it is absent', async () => {
    const { client, timers } = await setup((request) => {
      if (request.endpoint === 'AddOrder') return { destroy: true };
      if (request.endpoint === 'OpenOrders') return { result: { open: {} } };
      return { result: { closed: {}, count: 0 } };
    });
    const deadline = new Date(Date.now() + 10_000).toISOString();
    await expect(client.addOrder({ ...ORDER, deadline })).rejects.toBeInstanceOf(OrderNotPlacedError);
    expect(timers.waits.some((ms) => ms >= 9_000 && ms <= 11_500)).toBe(true);
  });
});

describe('AddOrderBatch with an unknown outcome', () => {
  it('is reconciled when every order of the batch is found', async () => {
    const { client, sentOrders } = await setup((request, sent) => {
      if (request.endpoint === 'AddOrderBatch') return { hang: true };
      const orders = (sent[0]?.params['orders'] ?? []) as Array<{ cl_ord_id: string }>;
      if (request.endpoint === 'OpenOrders') {
        return {
          result: { open: { OA: openOrder(orders[0]?.cl_ord_id), OB: openOrder(orders[1]?.cl_ord_id) } },
        };
      }
      return { error: ['EGeneral:Unknown method'] };
    });
    const result = await client.addOrderBatch({
      pair: 'XBTUSD',
      orders: [
        { type: 'buy', ordertype: 'limit', price: '37000', volume: '1' },
        { type: 'buy', ordertype: 'limit', price: '36000', volume: '1' },
      ],
    });
    expect(result).toMatchObject({ orders: [{ txid: 'OA' }, { txid: 'OB' }], reconciled: true });
    expect(sentOrders).toHaveLength(1);
  });

  it('reports an unknown outcome when only part of the batch is found', async () => {
    const { client } = await setup((request, sent) => {
      if (request.endpoint === 'AddOrderBatch') return { destroy: true };
      const orders = (sent[0]?.params['orders'] ?? []) as Array<{ cl_ord_id: string }>;
      if (request.endpoint === 'OpenOrders')
        return { result: { open: { OA: openOrder(orders[0]?.cl_ord_id) } } };
      return { result: { closed: {}, count: 0 } };
    });
    const batch = {
      pair: 'XBTUSD',
      orders: [
        { type: 'buy', ordertype: 'limit', price: '37000', volume: '1' },
        { type: 'buy', ordertype: 'limit', price: '36000', volume: '1' },
      ],
    } as const;
    await expect(client.addOrderBatch(batch)).rejects.toBeInstanceOf(UnknownOrderOutcomeError);
  });
});
