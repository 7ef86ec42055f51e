import { TransportError } from '@krakenkit/client';
import { createWsClient, type WsClient } from '@krakenkit/client/ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

// `batch_add` answers with one result per order, in request order. A success that lists fewer (or more) says
// nothing sure about the orders it leaves out: it is an unknown outcome naming the client order ids to look up,
// not a success the caller would read as "the missing orders were not placed". An order refused on its own is
// reported by a warning, which accounts for it.

let stub: KrakenWsStub;
let client: WsClient;

beforeEach(async () => {
  stub = await KrakenWsStub.start();
  client = createWsClient({ url: stub.url, authUrl: stub.url, getToken: async () => 'tok-1' });
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

const order = { order_type: 'limit', side: 'buy', order_qty: '0.001', limit_price: '45000.5' } as const;

/** Answers the next batch_add with `result` instead of the stub's own answer. */
async function answerBatchAddWith(result: unknown, extra: Record<string, unknown> = {}): Promise<void> {
  stub.ignoreNext.add('batch_add');
  await waitFor(() => stub.requests('batch_add').length === 1, 'batch_add sent');
  const request = stub.requests('batch_add')[0];
  const connection = stub.connections.find((c) => c.id === request?.connection);
  connection?.socket.send(
    JSON.stringify({ method: 'batch_add', req_id: request?.message.req_id, success: true, result, ...extra }),
  );
}

describe('a batch_add answer', () => {
  it('that lists fewer orders than were sent is an unknown outcome naming their client order ids', async () => {
    const call = client
      .batchAdd({
        symbol: 'BTC/USD',
        orders: [
          { ...order, cl_ord_id: 'first' },
          { ...order, cl_ord_id: 'second' },
        ],
      })
      .then(
        (results) => results,
        (error: unknown) => error,
      );
    await answerBatchAddWith([{ order_id: 'OAAAAA-AAAAA-AAAAAA', cl_ord_id: 'first' }]);
    const outcome = await call;
    expect(outcome).toBeInstanceOf(TransportError);
    expect(outcome).toMatchObject({ outcome: 'unknown', endpoint: 'ws:batch_add' });
    expect(String((outcome as Error).message)).toMatch(/1 orders for 2 sent/);
    expect(String((outcome as Error).message)).toMatch(/first, second/);
  });

  it('that lists more orders than were sent is an unknown outcome too', async () => {
    const call = client.batchAdd({ symbol: 'BTC/USD', orders: [order, order] }).then(
      (results) => results,
      (error: unknown) => error,
    );
    await answerBatchAddWith([
      { order_id: 'OAAAAA-AAAAA-AAAAAA' },
      { order_id: 'OBBBBB-BBBBB-BBBBBB' },
      { order_id: 'OCCCCC-CCCCC-CCCCCC' },
    ]);
    expect(await call).toMatchObject({ outcome: 'unknown', endpoint: 'ws:batch_add' });
  });

  it('that warns of each order it does not list is the result for the others, its warnings told', async () => {
    const told: unknown[] = [];
    client.on('warnings', (event) => told.push(event));
    const call = client.batchAdd({
      symbol: 'BTC/USD',
      orders: [
        { ...order, cl_ord_id: 'first' },
        { ...order, cl_ord_id: 'second' },
      ],
    });
    await answerBatchAddWith([{ order_id: 'OAAAAA-AAAAA-AAAAAA', cl_ord_id: 'first' }], {
      warnings: ['orders[1]: EOrder:Insufficient funds'],
    });
    expect((await call).map((result) => result.cl_ord_id)).toEqual(['first']);
    // The result cannot carry why `second` is missing: the warnings event does, before the call resolves.
    expect(told).toEqual([
      {
        endpoint: 'private',
        method: 'batch_add',
        reqId: expect.any(Number),
        warnings: ['orders[1]: EOrder:Insufficient funds'],
      },
    ]);
  });

  it('that lists every order is the result, in request order', async () => {
    const call = client.batchAdd({
      symbol: 'BTC/USD',
      orders: [
        { ...order, cl_ord_id: 'first' },
        { ...order, cl_ord_id: 'second' },
      ],
    });
    await answerBatchAddWith([
      { order_id: 'OAAAAA-AAAAA-AAAAAA', cl_ord_id: 'first' },
      { order_id: 'OBBBBB-BBBBB-BBBBBB', cl_ord_id: 'second' },
    ]);
    expect((await call).map((result) => result.cl_ord_id)).toEqual(['first', 'second']);
  });
});
