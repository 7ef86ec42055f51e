import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../src/errors/index.js';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import { KrakenWsStub } from './support/ws-kraken-stub.js';

// Kraken's v2 `cancel_order` takes `order_id`, `cl_ord_id` and `order_userref` lists, each alone or together in one
// request, and answers once per id: the client sends them together and waits for every answer.

let stub: KrakenWsStub;
let client: WsClient;

beforeEach(async () => {
  stub = await KrakenWsStub.start();
  client = createWsClient({
    url: stub.url,
    authUrl: stub.url,
    getToken: async () => 'tok-1',
    requestTimeoutMs: 1_500,
  });
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

const limitBuy = {
  order_type: 'limit',
  side: 'buy',
  symbol: 'BTC/USD',
  order_qty: '0.001',
  limit_price: '45000.5',
} as const;

describe('WebSocket cancel_order', () => {
  it('cancels by order id and by client order id in one request, with one answer per id', async () => {
    const first = await client.addOrder({ ...limitBuy, cl_ord_id: 'first' });
    await client.addOrder({ ...limitBuy, cl_ord_id: 'second' });
    const result = await client.cancelOrder({ order_id: [first.order_id], cl_ord_id: ['second', 'gone'] });
    expect(stub.requests('cancel_order')).toHaveLength(1);
    expect(stub.requests('cancel_order')[0]?.message.params).toMatchObject({
      order_id: [first.order_id],
      cl_ord_id: ['second', 'gone'],
    });
    expect(result.cancelled.map((order) => order.cl_ord_id)).toEqual(['first', 'second']);
    expect(result.failed).toEqual(['EOrder:Unknown order']);
  });

  it('still refuses a request that names no order, before sending anything', async () => {
    await expect(client.cancelOrder({})).rejects.toBeInstanceOf(ValidationError);
    await expect(client.cancelOrder({ order_id: [] })).rejects.toBeInstanceOf(ValidationError);
    expect(stub.requests('cancel_order')).toHaveLength(0);
  });
});
