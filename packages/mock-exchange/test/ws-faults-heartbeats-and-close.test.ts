import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type SocketLike, WsConnection } from '../src/ws/connection.js';
import { RawWs, startWsWorld, type WsWorld, waitFor } from './support/ws-harness.js';

let w: WsWorld | undefined;
const raws: RawWs[] = [];
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.close();
  await w?.running.close();
  w = undefined;
});

async function open(): Promise<RawWs> {
  const raw = await RawWs.open(w!.running.wsUrl);
  raws.push(raw);
  return raw;
}

/** Checksum of the book a frame's text describes, maintained from `state` (test-side implementation). */
function tracker() {
  const books = new Map<string, { bids: Map<string, string>; asks: Map<string, string> }>();
  const digits = (t: string) => t.replace('.', '').replace(/^0+/, '');
  const sorted = (m: Map<string, string>, desc: boolean) => {
    const e = [...m.entries()].sort(([a], [b]) => Number(a) - Number(b));
    return desc ? e.reverse() : e;
  };
  return (text: string): { symbol: string; matches: boolean } => {
    const frame = JSON.parse(text) as { type: string; data: Array<{ symbol: string; checksum: number }> };
    const data = frame.data[0]!;
    if (frame.type === 'snapshot' || !books.has(data.symbol))
      books.set(data.symbol, { bids: new Map(), asks: new Map() });
    const book = books.get(data.symbol)!;
    for (const side of ['bids', 'asks'] as const) {
      const part = new RegExp(`"${side}":\\[([^\\]]*)\\]`).exec(text)?.[1] ?? '';
      for (const m of part.matchAll(/\{"price":([0-9.]+),"qty":([0-9.]+)\}/g)) {
        if (/^0(\.0*)?$/.test(m[2]!)) book[side].delete(m[1]!);
        else book[side].set(m[1]!, m[2]!);
      }
      book[side] = new Map(sorted(book[side], side === 'bids').slice(0, 10));
    }
    let input = '';
    for (const [p, q] of sorted(book.asks, false)) input += digits(p) + digits(q);
    for (const [p, q] of sorted(book.bids, true)) input += digits(p) + digits(q);
    return { symbol: data.symbol, matches: crc32(input) >>> 0 === data.checksum };
  };
}

describe('WebSocket faults and lifecycle', () => {
  it('a corrupted-checksum fault strikes only the next update of that symbol; the levels stay right', async () => {
    w = await startWsWorld();
    const raw = await open();
    await raw.call('subscribe', { channel: 'book', symbol: ['BTC/USD', 'ETH/USD'] }, 2);
    const bookTexts = () => raw.texts.filter((t) => t.startsWith('{"channel":"book"'));
    await waitFor(() => bookTexts().length >= 4, 'book traffic');
    const before = bookTexts().length;
    w.running.ws.faults.corruptChecksum('BTC/USD');
    await waitFor(
      () =>
        bookTexts()
          .slice(before)
          .filter((t) => t.includes('"symbol":"BTC/USD"')).length >= 4,
      'BTC updates after the fault',
    );
    const check = tracker();
    const results = bookTexts().map(check);
    const after = results.slice(before);
    const bad = after.filter((r) => !r.matches);
    expect(bad).toEqual([{ symbol: 'BTC/USD', matches: false }]);
    expect(results.slice(0, before).every((r) => r.matches)).toBe(true);
    // Updates after the bad one verify again: the subscriber's levels were never wrong, only that checksum.
    const badIndex = after.findIndex((r) => !r.matches);
    expect(after.slice(badIndex + 1).filter((r) => r.symbol === 'BTC/USD').length).toBeGreaterThan(0);
  });

  it('dropConnections terminates every connection; new connections are served', async () => {
    w = await startWsWorld();
    const a = await open();
    const b = await open();
    const closed = [a, b].map((raw) => new Promise<number>((resolve) => raw.socket.once('close', resolve)));
    await waitFor(() => w!.running.ws.connectionCount === 2, 'two connections');
    expect(w.running.ws.faults.dropConnections()).toBe(2);
    expect(await Promise.all(closed)).toEqual([1006, 1006]);
    const c = await open();
    const [pong] = await c.call('ping');
    expect(pong).toMatchObject({ method: 'pong', req_id: 1 });
    expect(pong).not.toHaveProperty('success');
  });

  it('subscribed connections get heartbeats when quiet; unsubscribed ones do not', async () => {
    w = await startWsWorld({}, { ws: { heartbeatIntervalMs: 30 } });
    const quiet = await open();
    const subscribed = await open();
    await subscribed.call('subscribe', { channel: 'instrument' });
    await subscribed.next((f) => f.channel === 'heartbeat', 'a heartbeat');
    expect(quiet.frames.some((f) => f.channel === 'heartbeat')).toBe(false);
    const instrument = subscribed.frames.find((f) => f.channel === 'instrument') as {
      data: { pairs: Array<Record<string, unknown>> };
    };
    expect(instrument.data.pairs).toContainEqual(
      expect.objectContaining({ symbol: 'BTC/USD', price_precision: 1, qty_precision: 8 }),
    );
  });

  it('ticker, trade and ohlc push snapshots then updates in v2 shapes', async () => {
    w = await startWsWorld();
    const raw = await open();
    await raw.call('subscribe', { channel: 'ticker', symbol: ['BTC/USD'] });
    await raw.call('subscribe', { channel: 'trade', symbol: ['BTC/USD'] });
    await raw.call('subscribe', { channel: 'ohlc', symbol: ['ETH/USD'], interval: 5 });
    for (const channel of ['ticker', 'trade', 'ohlc']) {
      await raw.next((f) => f.channel === channel && f.type === 'update', `${channel} update`);
    }
    const ticker = raw.frames.find((f) => f.channel === 'ticker') as { data: Array<Record<string, unknown>> };
    expect(ticker.data[0]).toMatchObject({
      symbol: 'BTC/USD',
      bid: expect.any(Number),
      ask: expect.any(Number),
    });
    const trade = raw.frames.find((f) => f.channel === 'trade' && f.type === 'update') as {
      data: Array<Record<string, unknown>>;
    };
    expect(trade.data[0]).toMatchObject({ symbol: 'BTC/USD', side: expect.stringMatching(/^(buy|sell)$/) });
    const ohlc = raw.frames.find((f) => f.channel === 'ohlc' && f.type === 'update') as {
      data: Array<Record<string, unknown>>;
    };
    expect(ohlc.data[0]).toMatchObject({ symbol: 'ETH/USD', interval: 5 });
  });

  it('close() ends every connection and leaves no timer or listener behind', async () => {
    w = await startWsWorld();
    const raw = await open();
    await raw.call('subscribe', { channel: 'book', symbol: ['BTC/USD'] });
    const closed = new Promise<number>((resolve) => raw.socket.once('close', resolve));
    const running = w.running;
    await running.close();
    w = undefined;
    await closed;
    expect(running.ws.connectionCount).toBe(0);
    expect(running.exchange.ctx.events.hasListeners('market')).toBe(false);
    expect(running.server.listenerCount('upgrade')).toBe(0);
  });
});

describe('bounded send buffers', () => {
  function fakeSocket() {
    const socket = { readyState: 1, bufferedAmount: 0, sent: [] as string[], terminated: false };
    const like: SocketLike & typeof socket = Object.assign(socket, {
      send(text: string) {
        socket.sent.push(text);
        socket.bufferedAmount += text.length; // a consumer that never reads: nothing drains
      },
      terminate() {
        socket.terminated = true;
        socket.readyState = 3;
      },
    });
    return like;
  }

  it('a consumer that does not read is disconnected once its buffer would pass the bound', () => {
    const socket = fakeSocket();
    const dropped: number[] = [];
    const connection = new WsConnection(7, socket, 1000, (c) => dropped.push(c.id));
    let sent = 0;
    while (connection.send('x'.repeat(300))) sent += 1;
    expect(sent).toBe(3);
    expect(socket.terminated).toBe(true);
    expect(dropped).toEqual([7]);
    expect(connection.send('more')).toBe(false);
  });

  it('a reading consumer is never dropped, however much it receives', () => {
    const socket = fakeSocket();
    const connection = new WsConnection(1, socket, 1000, () => {});
    for (let i = 0; i < 100; i += 1) {
      expect(connection.send('y'.repeat(600))).toBe(true);
      socket.bufferedAmount = 0; // the peer read it
    }
    expect(socket.terminated).toBe(false);
  });
});
