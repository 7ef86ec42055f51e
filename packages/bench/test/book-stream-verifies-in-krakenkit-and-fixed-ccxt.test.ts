/**
 * The book benchmark's stream is honest input: its checksums are Kraken's (checked with krakenkit's independent
 * `bookChecksum`), both contestants end with the generator's book, and CCXT as shipped cannot verify it at all
 * (the claim the benchmark prints). If a CCXT upgrade fixes its checksum, the last test says so.
 */

import { parseFrame } from '@krakenkit/client/wire';
import { bookChecksum, LocalOrderBook } from '@krakenkit/client/ws';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateBookStream, PRECISION, SYMBOL } from '../bench/support/book-stream.js';
import { createCcxtBookFeed } from '../bench/support/ccxt-book.js';

function replayWithKrakenkit(frames: readonly string[], depth: number) {
  const book = new LocalOrderBook(SYMBOL, depth, PRECISION);
  let mismatches = 0;
  for (const frame of frames) {
    const parsed = parseFrame(frame);
    if (parsed.kind !== 'channel' || parsed.message.channel !== 'book')
      throw new Error(`not a book frame: ${frame}`);
    for (const data of parsed.message.data) {
      if (parsed.message.type === 'snapshot') book.clear();
      book.apply(data.bids, data.asks);
      const top = book.top(10);
      // Independent of the book's own incremental checksum: the documented recipe over the top 10.
      if (bookChecksum(top.asks, top.bids, PRECISION) !== data.checksum) mismatches += 1;
    }
  }
  return { mismatches, top: book.top(depth) };
}

describe('generated Kraken v2 book stream', () => {
  it('carries Kraken checksums for every frame, whatever the seed and depth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(10, 100), (seed, depth) => {
        const stream = generateBookStream(depth, 150, seed);
        const replay = replayWithKrakenkit(stream.frames, depth);
        expect(replay.mismatches).toBe(0);
        expect(replay.top).toEqual(stream.expected);
      }),
      { numRuns: 25 },
    );
  });

  it('has the wire quirks a checksum must survive: trailing zeros dropped, deletions, out-of-scope levels', () => {
    const stream = generateBookStream(10, 2_000, 10);
    const updates = stream.frames.slice(1);
    expect(updates.some((frame) => /"qty":(0\.1|0\.5|1|2\.5|10)[,}]/.test(frame))).toBe(true);
    expect(updates.some((frame) => /"price":\d+,/.test(frame))).toBe(true);
    expect(updates.some((frame) => frame.includes('"qty":0}'))).toBe(true);
    expect(stream.frames).toHaveLength(2_001);
  });

  it('leaves CCXT (checksum on, precision fix) with the same book and no checksum errors', async () => {
    for (const depth of [10, 100]) {
      const stream = generateBookStream(depth, 2_000, depth);
      const feed = createCcxtBookFeed('fixed', depth);
      for (const frame of stream.frames) feed.feed(frame);
      expect(feed.errors).toEqual([]);
      expect(feed.top(depth)).toEqual(stream.expected);
      await feed.close();
    }
  });

  it('is rejected frame by frame by CCXT as shipped with checksum on (formatNumber on a number)', async () => {
    const stream = generateBookStream(10, 50, 7);
    const feed = createCcxtBookFeed('as-shipped', 10);
    for (const frame of stream.frames) feed.feed(frame);
    expect(feed.errors.length).toBeGreaterThanOrEqual(stream.frames.length);
    expect(String(feed.errors[0])).toContain('data.split is not a function');
    await feed.close();
  });
});
