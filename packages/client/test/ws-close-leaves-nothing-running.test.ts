import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransportError } from '../src/errors/index.js';
import { createWsClient } from '../src/ws/client.js';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';
import { trackResources } from './support/ws-resource-tracker.js';

let stub: KrakenWsStub;

beforeEach(async () => {
  stub = await KrakenWsStub.start({ heartbeatIntervalMs: 10 });
  stub.setBook('BTC/USD', { bids: [['100.0', '1']], asks: [['100.5', '2']] });
});

afterEach(async () => {
  await stub.close();
});

describe('closing', () => {
  it('ends streams, rejects pending requests and leaves no timer or socket behind', async () => {
    const resources = trackResources('/src/ws/');
    const client = createWsClient({
      url: stub.url,
      authUrl: stub.url,
      getToken: async () => 'tok-1',
      heartbeatTimeoutMs: 1_000,
      pingIntervalMs: 200,
      precision: { 'BTC/USD': { price: 1, qty: 8 } },
    });
    const background: unknown[] = [];
    client.on('error', (event) => background.push(event));
    const book = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    const executions = client.subscribe({ channel: 'executions' });
    await Promise.all([book.ready, executions.ready]);
    const iterator = book[Symbol.asyncIterator]();
    await iterator.next(); // the snapshot event
    stub.ignoreNext.add('add_order');
    const pending = client
      .addOrder({ order_type: 'market', side: 'buy', symbol: 'BTC/USD', order_qty: '1', cl_ord_id: 'p1' })
      .catch((e: unknown) => e);
    await waitFor(() => stub.requests('add_order').length === 1, 'order sent');
    expect(resources.live()).toEqual(expect.arrayContaining(['TCPWRAP', 'Timeout']));

    await client.close();
    const error = await pending;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'KRAKENKIT_WS_CLOSED', outcome: 'unknown' });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(background).toEqual([]);
    expect(stub.requests('unsubscribe')).toEqual([]);
    expect(() => client.subscribe({ channel: 'trade', symbol: ['BTC/USD'] })).toThrow(/closed/);
    await expect(client.cancelAll()).rejects.toMatchObject({ code: 'KRAKENKIT_WS_CLOSED' });
    try {
      await waitFor(() => resources.live().length === 0, 'every client timer and socket gone');
    } finally {
      resources.stop();
    }
    expect(resources.live()).toEqual([]);
  });

  it('closes when the client signal aborts, and a subscription signal unsubscribes only that stream', async () => {
    const controller = new AbortController();
    const client = createWsClient({
      url: stub.url,
      signal: controller.signal,
      precision: { 'BTC/USD': { price: 1, qty: 8 } },
    });
    const closed: string[] = [];
    client.on('closed', (event) => closed.push(event.endpoint));
    const perSub = new AbortController();
    const trades = client.subscribe({ channel: 'trade', symbol: ['BTC/USD'] }, { signal: perSub.signal });
    const book = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    await Promise.all([trades.ready, book.ready]);
    perSub.abort();
    await waitFor(() => stub.requests('unsubscribe').length === 1, 'trade unsubscribed');
    expect(stub.requests('unsubscribe')[0]?.message.params).toEqual({
      channel: 'trade',
      symbol: ['BTC/USD'],
    });
    expect(await trades[Symbol.asyncIterator]().next()).toMatchObject({ done: true });
    expect(client.bookState('BTC/USD')).toBe('valid');
    controller.abort();
    await waitFor(() => closed.length === 1, 'closed');
    expect(closed).toEqual(['public']);
  });
});
