import { KrakenError } from '@krakenkit/client';
import { createWsClient, type WsClient } from '@krakenkit/client/ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenWsStub } from './support/ws-kraken-stub.js';

// Kraken answers `cancel_order` once per id, but a token it refuses is one answer for the whole request. Waiting
// for the other answers would end in a timeout reported as an unknown outcome (though nothing was cancelled), and
// the refused token would be kept for the next private request.

let stub: KrakenWsStub;
let client: WsClient;
let tokens: string[];

beforeEach(async () => {
  stub = await KrakenWsStub.start();
  tokens = ['bad-1', 'tok-2'];
  client = createWsClient({
    url: stub.url,
    authUrl: stub.url,
    getToken: async () => tokens.shift() ?? 'tok-n',
    requestTimeoutMs: 3_000,
  });
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

describe('a refused token on a cancel_order of several ids', () => {
  it('fails the call with the refusal and the next private request gets a fresh token', async () => {
    const refused = await client
      .cancelOrder({ order_id: ['OAAAAA-AAAAA-AAAAAA', 'OBBBBB-BBBBB-BBBBBB'], cl_ord_id: ['mine'] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(KrakenError);
    expect(refused).toMatchObject({ code: 'EAPI:Invalid key', endpoint: 'ws:cancel_order' });

    const placed = await client.addOrder({
      order_type: 'limit',
      side: 'buy',
      symbol: 'BTC/USD',
      order_qty: '0.001',
      limit_price: '45000.5',
    });
    expect(placed.order_id).toMatch(/^O/);
    expect(
      [...stub.requests('cancel_order'), ...stub.requests('add_order')].map((r) => r.message.params?.token),
    ).toEqual(['bad-1', 'tok-2']);
  });
});
