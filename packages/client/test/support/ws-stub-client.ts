import { createWsClient, type WsClient } from '../../src/ws/client.js';
import { KrakenWsStub } from './ws-kraken-stub.js';
import type { StubLevel } from './ws-stub-book.js';

/** A stub serving one BTC/USD book, and a client connected to it with a token and BTC/USD's precision. */
export async function stubWithBtcClient(book: {
  bids: readonly StubLevel[];
  asks: readonly StubLevel[];
}): Promise<{ stub: KrakenWsStub; client: WsClient }> {
  const stub = await KrakenWsStub.start();
  stub.setBook('BTC/USD', book);
  const client = createWsClient({
    url: stub.url,
    authUrl: stub.url,
    getToken: async () => 'tok-1',
    precision: { 'BTC/USD': { price: 1, qty: 8 } },
  });
  return { stub, client };
}
