import { createWsClient, type WsClient } from '@krakenkit/client/ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

// A checksum mismatch resyncs the symbol with unsubscribe + subscribe. If the caller lets go of the book meanwhile,
// the resync must not subscribe it again: that subscription would belong to nobody, keep its data flowing, and make
// the caller's next subscription to the symbol fail with "Already subscribed".

let stub: KrakenWsStub;
let client: WsClient;

beforeEach(async () => {
  stub = await KrakenWsStub.start();
  stub.setBook('BTC/USD', { bids: [['45283.5', '0.1']], asks: [['45285.2', '0.001']] });
  client = createWsClient({ url: stub.url, precision: { 'BTC/USD': { price: 1, qty: 8 } } });
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

const bookSubscribes = (): number =>
  stub.requests('subscribe').filter((r) => r.message.params?.channel === 'book').length;

describe('a book released while it resyncs', () => {
  it('is not subscribed again by the resync, and can be subscribed afresh', async () => {
    const first = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    await first.ready;
    await waitFor(() => client.bookState('BTC/USD') === 'valid', 'first snapshot');
    // The caller stops reading the moment the book goes invalid.
    client.once('resyncing', () => void first.unsubscribe());
    stub.corruptChecksums('BTC/USD', 1);
    stub.updateBook('BTC/USD', { bids: [['45283.6', '1']] });
    await waitFor(() => client.bookState('BTC/USD') === undefined, 'book released');
    await waitFor(() => stub.requests('unsubscribe').length >= 1, 'unsubscribe sent');
    // A round trip behind whatever the unsubscribe answers set off.
    await client.ping();
    await client.ping();
    expect(bookSubscribes()).toBe(1);
    expect(stub.open[0]?.channels.has('book|BTC/USD')).toBe(false);

    const again = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    await expect(again.ready).resolves.toBeUndefined();
    await waitFor(() => client.bookState('BTC/USD') === 'valid', 'new snapshot');
    expect(bookSubscribes()).toBe(2);
  });
});
