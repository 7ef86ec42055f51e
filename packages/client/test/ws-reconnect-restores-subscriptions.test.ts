import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import type { WsEventMap } from '../src/ws/events.js';
import type { ExecutionsMessage } from '../src/ws/messages.js';
import type { TickerEvent } from '../src/ws/subscription-types.js';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

let stub: KrakenWsStub;
let client: WsClient;
let tokensIssued: number;
const lifecycle: string[] = [];

beforeEach(async () => {
  stub = await KrakenWsStub.start();
  stub.setBook('BTC/USD', { bids: [['100.0', '1']], asks: [['100.5', '2']] });
  tokensIssued = 0;
  lifecycle.length = 0;
  client = createWsClient({
    url: stub.url,
    authUrl: stub.url,
    getToken: async () => `tok-${++tokensIssued}`,
    reconnect: { baseDelayMs: 5, maxDelayMs: 20 },
    precision: { 'BTC/USD': { price: 1, qty: 8 } },
  });
  for (const name of ['connecting', 'open', 'disconnected', 'reconnecting', 'resynced'] as const) {
    client.on(name, (value: WsEventMap[typeof name]) =>
      lifecycle.push(`${name}:${'endpoint' in value ? value.endpoint : value.symbol}`),
    );
  }
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

async function collect<T>(iterable: AsyncIterable<T>, into: T[]): Promise<void> {
  try {
    for await (const item of iterable) into.push(item);
  } catch {
    // ended by close()
  }
}

describe('reconnect', () => {
  it('reconnects after the server drops the connection and restores every subscription, private ones with a fresh token', async () => {
    const book = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    const ticker = client.subscribe({ channel: 'ticker', symbol: ['BTC/USD'] });
    const executions = client.subscribe({ channel: 'executions', snap_orders: true });
    const tickers: TickerEvent[] = [];
    const reports: ExecutionsMessage[] = [];
    void collect(ticker, tickers);
    void collect(executions, reports);
    await Promise.all([book.ready, ticker.ready, executions.ready]);
    await waitFor(() => client.bookState('BTC/USD') === 'valid' && reports.length === 1, 'initial state');
    expect(stub.open).toHaveLength(2);
    expect(stub.open.flatMap((c) => c.tokens)).toEqual(['tok-1']);

    const staleSeen: string[] = [];
    client.on('disconnected', () => staleSeen.push(String(client.bookState('BTC/USD'))));
    stub.dropAll();
    await waitFor(
      () => lifecycle.filter((e) => e.startsWith('open:')).length === 4,
      'both endpoints reopened',
    );
    await waitFor(() => client.bookState('BTC/USD') === 'valid' && reports.length === 2, 'restored');

    expect(staleSeen).toContain('awaiting-snapshot');
    expect(lifecycle).toEqual(
      expect.arrayContaining([
        'disconnected:public',
        'reconnecting:public',
        'disconnected:private',
        'reconnecting:private',
        'resynced:BTC/USD',
      ]),
    );
    const reopened = stub.open;
    expect(reopened).toHaveLength(2);
    const channels = reopened.flatMap((c) => [...c.channels]).sort();
    expect(channels).toEqual(['book|BTC/USD', 'executions', 'ticker|BTC/USD']);
    expect(reopened.flatMap((c) => c.tokens)).toEqual(['tok-2']);
    expect(tokensIssued).toBe(2);
    expect(reports.map((r) => r.type)).toEqual(['snapshot', 'snapshot']);

    stub.pushTicker('BTC/USD', '101.5');
    await waitFor(() => tickers.some((t) => t.data[0]?.last === '101.5'), 'ticker after reconnect');
    stub.updateBook('BTC/USD', { bids: [['100.2', '3']] });
    await waitFor(() => client.book('BTC/USD', 1).bids[0]?.price === '100.2', 'book after reconnect');
  });

  it('keeps retrying with backoff while the server is away, then restores', async () => {
    const sub = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    await sub.ready;
    const port = Number(new URL(stub.url).port);
    await stub.close();
    await waitFor(() => lifecycle.filter((e) => e === 'reconnecting:public').length >= 3, 'several attempts');
    expect(client.bookState('BTC/USD')).toBe('awaiting-snapshot');
    stub = await KrakenWsStub.start({ port });
    stub.setBook('BTC/USD', { bids: [['99.0', '1']], asks: [['99.5', '1']] });
    await waitFor(() => client.bookState('BTC/USD') === 'valid', 'restored after outage');
    expect(client.book('BTC/USD', 1).bids).toEqual([{ price: '99.0', qty: '1.00000000' }]);
  });

  it('does not restart the backoff for connections that drop at once, and gives up after maxAttempts', async () => {
    const flaky = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => flaky.once('listening', () => resolve()));
    flaky.on('connection', (socket) => socket.terminate());
    const url = `ws://127.0.0.1:${(flaky.address() as AddressInfo).port}/v2`;
    const flakyClient = createWsClient({
      url,
      reconnect: { baseDelayMs: 2, maxDelayMs: 1_000, maxAttempts: 4 },
      random: () => 0.999,
    });
    const attempts: Array<{ attempt: number; delayMs: number }> = [];
    const closed: string[] = [];
    flakyClient.on('reconnecting', (event) =>
      attempts.push({ attempt: event.attempt, delayMs: event.delayMs }),
    );
    flakyClient.on('closed', (event) => closed.push(event.reason));
    const pinged = flakyClient.ping().catch((e: unknown) => e);
    await waitFor(() => closed.length === 1, 'gave up');
    expect(attempts).toEqual([
      { attempt: 1, delayMs: 2 },
      { attempt: 2, delayMs: 4 },
      { attempt: 3, delayMs: 8 },
      { attempt: 4, delayMs: 16 },
    ]);
    expect(closed[0]).toMatch(/^gave up after 4 attempts/);
    // The server completes the handshake before dropping, so the ping went out and was lost with the socket.
    expect(await pinged).toMatchObject({ code: 'KRAKENKIT_WS_DISCONNECTED', endpoint: 'ws:ping' });
    await expect(flakyClient.ping()).rejects.toMatchObject({
      code: 'KRAKENKIT_WS_CLOSED',
      outcome: 'not-sent',
    });
    await flakyClient.close();
    await new Promise<void>((resolve) => flaky.close(() => resolve()));
  });
});
