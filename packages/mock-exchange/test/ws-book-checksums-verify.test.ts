import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { bookChecksum } from '../src/ws/checksum.js';
import { RawWs, startWsWorld, type WsWorld, waitFor } from './support/ws-harness.js';

// An order book maintained by the test from the raw frame TEXT (JSON.parse would drop trailing zeros), with
// Kraken's v2 checksum computed independently of src/ws: CRC32 over the top 10 asks then the top 10 bids.
type Side = Map<string, string>;
interface Book {
  bids: Side;
  asks: Side;
}

function levelsOf(text: string, side: 'bids' | 'asks'): Array<[string, string]> {
  const part = new RegExp(`"${side}":\\[([^\\]]*)\\]`).exec(text)?.[1] ?? '';
  return [...part.matchAll(/\{"price":([0-9.]+),"qty":([0-9.]+)\}/g)].map((m) => [m[1] ?? '', m[2] ?? '']);
}

function sorted(side: Side, descending: boolean): Array<[string, string]> {
  const entries = [...side.entries()].sort(([a], [b]) => Number(a) - Number(b));
  return descending ? entries.reverse() : entries;
}

function apply(book: Book, text: string, depth: number): void {
  for (const name of ['bids', 'asks'] as const) {
    for (const [price, qty] of levelsOf(text, name)) {
      if (/^0(\.0*)?$/.test(qty)) book[name].delete(price);
      else book[name].set(price, qty);
    }
    const keep = sorted(book[name], name === 'bids').slice(0, depth);
    book[name] = new Map(keep);
  }
}

function independentChecksum(book: Book): number {
  const digits = (text: string) => text.replace('.', '').replace(/^0+/, '');
  let input = '';
  for (const [p, q] of sorted(book.asks, false).slice(0, 10)) input += digits(p) + digits(q);
  for (const [p, q] of sorted(book.bids, true).slice(0, 10)) input += digits(p) + digits(q);
  return crc32(input) >>> 0;
}

let w: WsWorld | undefined;
let raw: RawWs | undefined;
afterEach(async () => {
  raw?.close();
  await w?.running.close();
  w = raw = undefined;
});

describe('book channel', () => {
  it("the mock's checksum function reproduces Kraken's official v2 example (3310070434)", () => {
    const asks = [
      ['45285.2', '0.00100000'],
      ['45286.4', '1.54571953'],
      ['45286.6', '1.54571109'],
      ['45289.6', '1.54560911'],
      ['45290.2', '0.15890660'],
      ['45291.8', '1.54553491'],
      ['45294.7', '0.04454749'],
      ['45296.1', '0.35380000'],
      ['45297.5', '0.09945542'],
      ['45299.5', '0.18772827'],
    ] as const;
    const bids = [
      ['45283.5', '0.10000000'],
      ['45283.4', '1.54582015'],
      ['45282.1', '0.10000000'],
      ['45281.0', '0.10000000'],
      ['45280.3', '1.54592586'],
      ['45279.0', '0.07990000'],
      ['45277.6', '0.03310103'],
      ['45277.5', '0.30000000'],
      ['45277.3', '1.54602737'],
      ['45276.6', '0.15445238'],
    ] as const;
    expect(bookChecksum(asks, bids)).toBe(3310070434);
  });

  it('snapshots and updates of two symbols verify, numbers keep the pair precision, depth is respected', async () => {
    w = await startWsWorld();
    raw = await RawWs.open(w.running.wsUrl);
    const status = await raw.next((f) => f.channel === 'status', 'status');
    expect(status).toMatchObject({ type: 'update', data: [{ api_version: 'v2', system: 'online' }] });
    const acks = await raw.call(
      'subscribe',
      { channel: 'book', symbol: ['BTC/USD', 'ETH/USD'], depth: 10 },
      2,
    );
    expect(acks.map((a) => (a.result as { symbol: string }).symbol).sort()).toEqual(['BTC/USD', 'ETH/USD']);
    expect(acks.every((a) => a.success === true && (a.result as { depth: number }).depth === 10)).toBe(true);
    const precision: Record<string, [number, number]> = { 'BTC/USD': [1, 8], 'ETH/USD': [2, 8] };
    const books = new Map<string, Book>();
    const verified = new Map<string, number>();
    await waitFor(() => {
      for (const [index, text] of raw!.texts.entries()) {
        const frame = raw!.frames[index] as {
          channel?: string;
          type?: string;
          data?: Array<Record<string, unknown>>;
        };
        if (frame.channel !== 'book' || verified.has(`${index}`)) continue;
        verified.set(`${index}`, 1);
        const data = frame.data?.[0] as { symbol: string; checksum: number };
        const [pp, qp] = precision[data.symbol] ?? [0, 0];
        for (const [price, qty] of [...levelsOf(text, 'bids'), ...levelsOf(text, 'asks')]) {
          expect(price.split('.')[1]?.length).toBe(pp);
          expect(qty.split('.')[1]?.length).toBe(qp);
        }
        if (frame.type === 'snapshot') books.set(data.symbol, { bids: new Map(), asks: new Map() });
        const book = books.get(data.symbol);
        expect(book).toBeDefined();
        apply(book!, text, 10);
        expect(book!.bids.size).toBeLessThanOrEqual(10);
        expect(independentChecksum(book!)).toBe(data.checksum);
        verified.set(data.symbol, (verified.get(data.symbol) ?? 0) + 1);
      }
      return (verified.get('BTC/USD') ?? 0) >= 5 && (verified.get('ETH/USD') ?? 0) >= 5;
    }, 'five verified book messages per symbol');
    expect(w.running.exchange.internalErrors).toEqual([]);
  });

  it('a depth-25 subscription gets 25 levels a side; bad depth and unknown pairs are refused per symbol', async () => {
    w = await startWsWorld();
    raw = await RawWs.open(w.running.wsUrl);
    await raw.call('subscribe', { channel: 'book', symbol: ['ETH/USD'], depth: 25 });
    const snapshot = await raw.next((f) => f.channel === 'book' && f.type === 'snapshot', 'snapshot');
    const data = (snapshot.data as Array<{ bids: unknown[]; asks: unknown[] }>)[0];
    expect(data?.bids).toHaveLength(25);
    expect(data?.asks).toHaveLength(25);
    const [badDepth] = await raw.call('subscribe', { channel: 'book', symbol: ['BTC/USD'], depth: 7 });
    expect(badDepth).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:depth' });
    const answers = await raw.call('subscribe', { channel: 'book', symbol: ['NOPE/USD', 'ETH/USD'] }, 2);
    expect(answers).toEqual([
      expect.objectContaining({
        success: false,
        error: 'Currency pair not supported NOPE/USD',
        symbol: 'NOPE/USD',
      }),
      expect.objectContaining({ success: false, error: 'Already subscribed', symbol: 'ETH/USD' }),
    ]);
  });
});
