import { TransportError } from '@krakenkit/client';
import { createWsClient, type WsClient } from '@krakenkit/client/ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

// Kraken said the order call succeeded, but its result cannot be read (no order_id): the order exists, or the
// amend took effect, and only its id is missing. That is an unknown outcome naming the client order id to look up,
// as the REST client reports it, not a protocol failure a caller would read as "nothing happened".

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

/** Answers the next `method` request with success and `result` instead of the stub's own answer. */
async function answerWith(method: string, result: unknown): Promise<void> {
  stub.ignoreNext.add(method);
  await waitFor(() => stub.requests(method).length === 1, `${method} sent`);
  const request = stub.requests(method)[0];
  const connection = stub.connections.find((c) => c.id === request?.connection);
  connection?.socket.send(JSON.stringify({ method, req_id: request?.message.req_id, success: true, result }));
}

describe('an order call answered with success but a result without its id', () => {
  it('add_order: an unknown outcome naming the client order id', async () => {
    const call = client
      .addOrder({
        order_type: 'limit',
        side: 'buy',
        order_qty: '0.001',
        limit_price: '45000.5',
        symbol: 'BTC/USD',
        cl_ord_id: 'my-order-1',
      })
      .then(
        (result) => result,
        (error: unknown) => error,
      );
    await answerWith('add_order', { cl_ord_id: 'my-order-1' });
    const outcome = await call;
    expect(outcome).toBeInstanceOf(TransportError);
    expect(outcome).toMatchObject({
      outcome: 'unknown',
      endpoint: 'ws:add_order',
      code: 'KRAKENKIT_BAD_RESPONSE',
    });
    expect(String((outcome as Error).message)).toMatch(/my-order-1/);
  });

  it('amend_order: an unknown outcome too', async () => {
    const call = client.amendOrder({ order_id: 'OAAAAA-AAAAA-AAAAAA', order_qty: '0.002' }).then(
      (result) => result,
      (error: unknown) => error,
    );
    await answerWith('amend_order', { order_id: 'OAAAAA-AAAAA-AAAAAA' });
    expect(await call).toMatchObject({ outcome: 'unknown', endpoint: 'ws:amend_order' });
  });
});
