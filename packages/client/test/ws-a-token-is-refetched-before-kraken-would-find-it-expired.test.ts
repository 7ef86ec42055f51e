/**
 * A WebSocket token must be used within 15 minutes of Kraken making it. The client ages a token from when it
 * asked for it (Kraken made it after that, so the age is never under-counted, however slow GetWebSocketsToken
 * answers) and fetches a new one before a private request once it is 14 minutes old (a minute for the request to
 * arrive and for clocks that disagree).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import { KrakenWsStub } from './support/ws-kraken-stub.js';

const MINUTE = 60_000;
let stub: KrakenWsStub;
let client: WsClient;
let clock: number;
let fetched: number[];

beforeEach(async () => {
  stub = await KrakenWsStub.start();
  clock = 1_767_225_600_000;
  fetched = [];
  client = createWsClient({
    url: stub.url,
    authUrl: stub.url,
    now: () => clock,
    getToken: async () => {
      fetched.push(clock);
      clock += 5_000; // GetWebSocketsToken takes 5 s to answer
      return `tok-${fetched.length}`;
    },
    requestTimeoutMs: 5_000,
  });
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

const order = {
  order_type: 'limit',
  side: 'buy',
  symbol: 'BTC/USD',
  order_qty: '0.001',
  limit_price: '45000.5',
} as const;

function tokensSent(): unknown[] {
  return stub.requests('add_order').map((request) => request.message.params?.token);
}

describe('the WebSocket token', () => {
  it('is used until 14 minutes after it was asked for, then fetched again before the next private request', async () => {
    const asked = clock;
    await client.addOrder(order);
    clock = asked + 14 * MINUTE - 1;
    await client.addOrder(order);
    clock = asked + 14 * MINUTE;
    await client.addOrder(order);
    expect(tokensSent()).toEqual(['tok-1', 'tok-1', 'tok-2']);
    expect(fetched).toEqual([asked, asked + 14 * MINUTE]);
  });
});
