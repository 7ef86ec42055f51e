import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import type { WsEventMap } from '../src/ws/events.js';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

let stub: KrakenWsStub | undefined;
let client: WsClient | undefined;

afterEach(async () => {
  await client?.close();
  await stub?.close();
  client = undefined;
  stub = undefined;
});

const BTC_PRECISION = { 'BTC/USD': { price: 1, qty: 8 } };
const BOOK = { bids: [['100.0', '1']], asks: [['100.5', '2']] } as const;

/** A port on 127.0.0.1 that nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a book subscription whose snapshot is withheld', () => {
  it('is resynced after the snapshot timeout and becomes valid, instead of waiting for ever', async () => {
    stub = await KrakenWsStub.start();
    stub.setBook('BTC/USD', BOOK);
    stub.withholdSnapshot.add('BTC/USD');
    client = createWsClient({ url: stub.url, snapshotTimeoutMs: 200, precision: BTC_PRECISION });
    const resyncing: Array<WsEventMap['resyncing']> = [];
    const resynced: Array<WsEventMap['resynced']> = [];
    client.on('resyncing', (event) => resyncing.push(event));
    client.on('resynced', (event) => resynced.push(event));
    const sub = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    await sub.ready;
    await waitFor(() => client?.bookState('BTC/USD') === 'valid', 'the book after a withheld snapshot');
    expect(resyncing).toEqual([{ symbol: 'BTC/USD', reason: 'snapshot-timeout' }]);
    expect(resynced).toEqual([{ symbol: 'BTC/USD', reason: 'snapshot-timeout' }]);
    expect(client.book('BTC/USD').bids[0]?.price).toBe('100.0');
  });

  it('gives up within the resync budget when the exchange keeps withholding it', async () => {
    stub = await KrakenWsStub.start();
    stub.setBook('BTC/USD', BOOK);
    stub.withholdSnapshot.add('BTC/USD');
    client = createWsClient({
      url: stub.url,
      snapshotTimeoutMs: 100,
      precision: BTC_PRECISION,
      resyncBudget: { maxResyncs: 2, windowMs: 60_000 },
    });
    // Every resync's subscription is withheld again, until the test lets the exchange answer.
    let withholding = true;
    client.on('resyncing', () => {
      if (withholding) stub?.withholdSnapshot.add('BTC/USD');
    });
    const exhausted: Array<WsEventMap['resync-exhausted']> = [];
    client.on('resync-exhausted', (event) => exhausted.push(event));
    await client.subscribe({ channel: 'book', symbol: ['BTC/USD'] }).ready;
    await waitFor(() => exhausted.length === 1, 'the resync budget spent');
    expect(client.bookState('BTC/USD')).toBe('failed');
    expect(exhausted[0]).toMatchObject({ symbol: 'BTC/USD', resyncs: 2 });
    // A manual resync revives it once the exchange answers again.
    withholding = false;
    stub.withholdSnapshot.clear();
    client.resync('BTC/USD');
    await waitFor(() => client?.bookState('BTC/USD') === 'valid', 'the book after a manual resync');
  });
});

describe('a subscription made while the exchange is unreachable', () => {
  it('outlives a start-up outage longer than every timeout and serves a verified book when it comes back', async () => {
    const port = await freePort();
    const url = `ws://127.0.0.1:${port}/v2`;
    const instrumentTimeoutMs = 100;
    client = createWsClient({
      url,
      instrumentTimeoutMs,
      connectTimeoutMs: 100,
      requestTimeoutMs: 100,
      reconnect: { baseDelayMs: 10, maxDelayMs: 40 },
    });
    const attempts: number[] = [];
    client.on('connecting', ({ attempt }) => attempts.push(attempt));
    const started = performance.now();
    // No `precision`: the book needs the instrument snapshot, which cannot come while the exchange is down.
    const book = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    const ticker = client.subscribe({ channel: 'ticker', symbol: ['BTC/USD'] });
    let failure: unknown;
    book.ready.catch((error: unknown) => {
      failure = error;
    });
    // The outage lasts several connection attempts and well past every timeout of the client.
    await waitFor(
      () => attempts.length >= 5 && performance.now() - started > 5 * instrumentTimeoutMs,
      'an outage longer than the timeouts',
    );
    expect(failure).toBeUndefined();
    stub = await KrakenWsStub.start({ port });
    stub.setBook('BTC/USD', BOOK);
    await book.ready;
    await ticker.ready;
    await waitFor(() => client?.bookState('BTC/USD') === 'valid', 'the book once the exchange is back');
    expect(client.book('BTC/USD').asks[0]?.price).toBe('100.5');
  });
});
