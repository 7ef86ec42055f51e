import { parseWsOrder } from '@krakenkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../src/errors/index.js';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import { validateWsParams } from '../src/ws/validated-params.js';
import { KrakenWsStub } from './support/ws-kraken-stub.js';

let stub: KrakenWsStub;
let client: WsClient;

beforeEach(async () => {
  stub = await KrakenWsStub.start();
  client = createWsClient({
    url: stub.url,
    authUrl: stub.url,
    getToken: async () => 'tok-1',
  });
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

const ORDER = {
  symbol: 'BTC/USD',
  side: 'buy',
  order_type: 'limit',
  order_qty: '0.5',
  limit_price: '45000',
} as const;

describe('the WebSocket client sends what was validated once as it is, and validates the rest', () => {
  it('writes a validated order into the frame as it is, with the id it was given', async () => {
    const order = parseWsOrder(ORDER, { newId: () => 'validated-1' });
    const placed = await client.addOrder(order);
    expect(placed.cl_ord_id).toBe('validated-1');
    expect(stub.requests('add_order')[0]?.raw).toContain(
      '"params":{"cl_ord_id":"validated-1","limit_price":45000,"order_qty":0.5,"order_type":"limit","side":"buy","symbol":"BTC/USD"',
    );
    // Raw params are validated by the client itself, which names the order.
    const raw = await client.addOrder(ORDER);
    expect(raw.cl_ord_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends amend and cancel params validated by validateWsParams; a copy or another method is checked again', async () => {
    const placed = await client.addOrder({ ...ORDER, cl_ord_id: 'x1' });
    const amend = validateWsParams('amend_order', { order_id: placed.order_id, limit_price: '44999.9' });
    expect(Object.isFrozen(amend)).toBe(true);
    await client.amendOrder(amend);
    expect(stub.requests('amend_order')[0]?.raw).toContain('"limit_price":44999.9');
    await expect(client.amendOrder({ ...amend, order_qty: 1 as never })).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'ws:amend_order.order_qty',
    });
    await expect(client.cancelOrder(amend as never)).rejects.toBeInstanceOf(ValidationError);
    await client.cancelOrder(validateWsParams('cancel_order', { order_id: [placed.order_id] }));
    expect(stub.requests('amend_order')).toHaveLength(1);
    expect(stub.requests('cancel_order')).toHaveLength(1);
  });
});
