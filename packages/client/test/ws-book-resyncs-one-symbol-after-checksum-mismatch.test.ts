import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import { BookUnavailableError } from '../src/ws/errors.js';
import type { WsEventMap } from '../src/ws/events.js';
import type { BookEvent } from '../src/ws/subscription-types.js';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

let stub: KrakenWsStub;
let client: WsClient;
let events: Array<{ name: keyof WsEventMap; value: unknown }>;

function record(...names: Array<keyof WsEventMap>): void {
  for (const name of names) client.on(name, (value) => events.push({ name, value }));
}

function named(name: keyof WsEventMap): unknown[] {
  return events.filter((e) => e.name === name).map((e) => e.value);
}

beforeEach(async () => {
  stub = await KrakenWsStub.start();
  stub.setBook('BTC/USD', {
    bids: [
      ['45283.5', '0.1'],
      ['45283.4', '1.54582015'],
      ['45282.1', '0.1'],
      ['45281.0', '0.1'],
    ],
    asks: [
      ['45285.2', '0.001'],
      ['45286.4', '1.54571953'],
      ['45286.6', '1.54571109'],
    ],
  });
  stub.setBook('ETH/USD', { bids: [['3000.10', '2']], asks: [['3000.20', '1.5']] });
  client = createWsClient({ url: stub.url, reconnect: { baseDelayMs: 10, maxDelayMs: 50 } });
  events = [];
  record('checksum-mismatch', 'resyncing', 'resynced', 'resync-exhausted', 'protocol-error', 'error');
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

describe('book subscription and checksum resync', () => {
  it('learns precision from the instrument channel and serves verified books', async () => {
    const sub = client.subscribe({ channel: 'book', symbol: ['BTC/USD', 'ETH/USD'], depth: 10 });
    await sub.ready;
    await waitFor(
      () => client.bookState('BTC/USD') === 'valid' && client.bookState('ETH/USD') === 'valid',
      'books',
    );
    expect(stub.requests('subscribe').map((r) => r.message.params?.channel)).toEqual(['instrument', 'book']);
    expect(client.book('BTC/USD', 2)).toMatchObject({
      bids: [
        { price: '45283.5', qty: '0.10000000' },
        { price: '45283.4', qty: '1.54582015' },
      ],
      asks: [
        { price: '45285.2', qty: '0.00100000' },
        { price: '45286.4', qty: '1.54571953' },
      ],
    });
    stub.updateBook('BTC/USD', {
      bids: [
        ['45283.5', '0'],
        ['45284.0', '0.5'],
      ],
    });
    await waitFor(() => client.book('BTC/USD', 1).bids[0]?.price === '45284.0', 'update applied');
    expect(client.book('BTC/USD').bids.map((l) => l.price)).toEqual([
      '45284.0',
      '45283.4',
      '45282.1',
      '45281.0',
    ]);
    expect(named('checksum-mismatch')).toEqual([]);
    await sub.unsubscribe();
  });

  it('invalidates only the corrupted symbol, resubscribes it alone, and serves it again after the new snapshot', async () => {
    const sub = client.subscribe({
      channel: 'book',
      symbol: ['BTC/USD', 'ETH/USD'],
      precision: { 'BTC/USD': { price: 1, qty: 8 }, 'ETH/USD': { price: 2, qty: 8 } },
    });
    await sub.ready;
    await waitFor(
      () => client.bookState('BTC/USD') === 'valid' && client.bookState('ETH/USD') === 'valid',
      'books',
    );
    const ethBefore = client.book('ETH/USD');
    const states: string[] = [];
    client.on('checksum-mismatch', () => {
      states.push(String(client.bookState('BTC/USD')));
      expect(() => client.book('BTC/USD')).toThrow(BookUnavailableError);
      expect(client.book('ETH/USD')).toEqual(ethBefore);
    });
    stub.corruptChecksums('BTC/USD', 1);
    stub.updateBook('BTC/USD', { asks: [['45285.0', '0.2']] });
    await waitFor(() => named('resynced').length === 1, 'resynced');
    expect(named('checksum-mismatch')).toMatchObject([{ symbol: 'BTC/USD' }]);
    expect(named('resyncing')).toEqual([{ symbol: 'BTC/USD', reason: 'checksum' }]);
    expect(named('resynced')).toEqual([{ symbol: 'BTC/USD', reason: 'checksum' }]);
    expect(states).toEqual(['resyncing']);
    expect(client.bookState('BTC/USD')).toBe('valid');
    expect(client.book('BTC/USD', 1).asks).toEqual([{ price: '45285.0', qty: '0.20000000' }]);
    // Only BTC/USD went through unsubscribe + subscribe; ETH/USD was never touched.
    const resyncFrames = stub.received.slice(1).map((r) => [r.message.method, r.message.params?.symbol]);
    expect(resyncFrames).toEqual([
      ['unsubscribe', ['BTC/USD']],
      ['subscribe', ['BTC/USD']],
    ]);
    expect(client.bookState('ETH/USD')).toBe('valid');
    stub.updateBook('ETH/USD', { bids: [['3000.15', '1']] });
    await waitFor(() => client.book('ETH/USD', 1).bids[0]?.price === '3000.15', 'ETH update');
  });

  it('delivers book events to the iterator and only verified states', async () => {
    const sub = client.subscribe({ channel: 'book', symbol: ['BTC/USD'], precision: { price: 1, qty: 8 } });
    const seen: Array<{ type: string; bestBid: string | undefined }> = [];
    const reader = (async () => {
      for await (const event of sub) {
        seen.push({ type: event.type, bestBid: event.book(1).bids[0]?.price });
        if (seen.length === 2) break;
      }
    })();
    await sub.ready;
    await waitFor(() => seen.length === 1, 'snapshot event');
    stub.updateBook('BTC/USD', { bids: [['45283.9', '1']] });
    await reader;
    expect(seen).toEqual([
      { type: 'snapshot', bestBid: '45283.5' },
      { type: 'update', bestBid: '45283.9' },
    ]);
    await waitFor(() => stub.requests('unsubscribe').length === 1, 'unsubscribe after break');
  });

  it('stops after the resync budget is spent and says so, until resync() is called', async () => {
    await client.close();
    client = createWsClient({ url: stub.url, resyncBudget: { maxResyncs: 2, windowMs: 60_000 } });
    events = [];
    record('checksum-mismatch', 'resyncing', 'resynced', 'resync-exhausted');
    const sub = client.subscribe({
      channel: 'book',
      symbol: ['BTC/USD', 'ETH/USD'],
      precision: { 'BTC/USD': { price: 1, qty: 8 }, 'ETH/USD': { price: 2, qty: 8 } },
    });
    await sub.ready;
    stub.corruptChecksums('BTC/USD', 100);
    stub.updateBook('BTC/USD', { bids: [['45283.6', '1']] });
    await waitFor(() => named('resync-exhausted').length === 1, 'exhausted');
    expect(named('checksum-mismatch')).toHaveLength(3);
    expect(named('resyncing')).toHaveLength(2);
    expect(named('resync-exhausted')).toEqual([{ symbol: 'BTC/USD', resyncs: 2, windowMs: 60_000 }]);
    expect(client.bookState('BTC/USD')).toBe('failed');
    expect(() => client.book('BTC/USD')).toThrow(/failed/);
    await waitFor(() => client.bookState('ETH/USD') === 'valid', 'ETH unaffected');
    stub.clearCorruption('BTC/USD');
    expect(client.resync('BTC/USD')).toBe(true);
    await waitFor(() => client.bookState('BTC/USD') === 'valid', 'manual resync');
    expect(named('resynced')).toEqual([{ symbol: 'BTC/USD', reason: 'manual' }]);
  });

  it('rejects a symbol the exchange does not list, without disturbing the others', async () => {
    const bad = client.subscribe({ channel: 'book', symbol: ['DOGE/USD'], precision: { price: 7, qty: 2 } });
    await expect(bad.ready).rejects.toMatchObject({
      code: 'Currency pair not supported DOGE/USD',
      endpoint: 'ws:subscribe',
    });
    const iterate = async (): Promise<BookEvent[]> => {
      const out: BookEvent[] = [];
      for await (const event of bad) out.push(event);
      return out;
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'Currency pair not supported DOGE/USD' });
    const good = client.subscribe({ channel: 'book', symbol: ['ETH/USD'] });
    await good.ready;
    await waitFor(() => client.bookState('ETH/USD') === 'valid', 'ETH');
    expect(client.bookState('DOGE/USD')).toBeUndefined();
  });
});
