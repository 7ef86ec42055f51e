import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RawWs, WsWorld } from './support/ws-harness.js';

// Counts the expensive steps of the book channel: building a book from the market (bookSnapshot) and writing a
// book message. Fan-out to many subscribers of one symbol and depth must not repeat either per subscriber.
const counts = vi.hoisted(() => ({ books: 0, snapshot: 0, update: 0 }));

vi.mock('../src/market/book.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/market/book.js')>();
  return {
    ...original,
    bookSnapshot: (...args: Parameters<typeof original.bookSnapshot>) => {
      counts.books += 1;
      return original.bookSnapshot(...args);
    },
  };
});

vi.mock('../src/ws/book-message.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/ws/book-message.js')>();
  return {
    ...original,
    bookMessage: (...args: Parameters<typeof original.bookMessage>) => {
      counts[args[0]] += 1;
      return original.bookMessage(...args);
    },
  };
});

// The suite shares module instances between test files: modules another file loaded unmocked are dropped, and the
// exchange is loaded after the mocks above, so it uses them.
let harness: typeof import('./support/ws-harness.js');
let clocks: typeof import('../src/core/clock.js');
beforeAll(async () => {
  vi.resetModules();
  harness = await import('./support/ws-harness.js');
  clocks = await import('../src/core/clock.js');
});

const SUBSCRIBERS = 12;
let w: WsWorld | undefined;
const sockets: RawWs[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await w?.running.close();
  w = undefined;
});

describe('book fan-out', () => {
  it('many depth-1000 subscribers of one symbol share one book and one message text per change', async () => {
    const clock = new clocks.ManualClock();
    w = await harness.startWsWorld({}, { clock });
    for (let i = 0; i < SUBSCRIBERS; i += 1) sockets.push(await harness.RawWs.open(w.running.wsUrl));
    counts.books = counts.snapshot = counts.update = 0;
    for (const socket of sockets) {
      await socket.call('subscribe', { channel: 'book', symbol: ['BTC/USD'], depth: 1000 });
    }
    const isBook = (type: string) => (frame: Record<string, unknown>) =>
      frame.channel === 'book' && frame.type === type;
    for (const socket of sockets) await socket.next(isBook('snapshot'), 'a snapshot');
    expect(counts).toEqual({ books: 1, snapshot: 1, update: 0 });

    clock.advance(40); // one market step: every subscriber gets the same update
    w.running.exchange.advance();
    for (const socket of sockets) await socket.next(isBook('update'), 'an update');
    expect(counts).toEqual({ books: 2, snapshot: 1, update: 1 });
    const isUpdateText = (text: string) => text.startsWith('{"channel":"book","type":"update"');
    const texts = new Set(sockets.map((socket) => socket.texts.find(isUpdateText)));
    expect(texts.size).toBe(1);
  });
});
