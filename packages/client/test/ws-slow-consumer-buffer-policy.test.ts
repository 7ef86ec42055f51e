import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WsClient } from '../src/ws/client.js';
import { WsBufferOverflowError } from '../src/ws/errors.js';
import { MessageStream } from '../src/ws/stream.js';
import { type KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';
import { stubWithBtcClient } from './support/ws-stub-client.js';

describe('bounded stream buffers', () => {
  it('coalesce keeps only the latest item per key, in first-seen order', async () => {
    const stream = new MessageStream<{ symbol: string; n: number }>({
      channel: 'book',
      capacity: 10,
      overflow: 'coalesce',
      keyOf: (item) => item.symbol,
    });
    for (let n = 0; n < 100; n += 1) stream.push({ symbol: n % 2 === 0 ? 'A' : 'B', n });
    expect(stream.buffered).toBe(2);
    expect((await stream.next()).value).toEqual({ symbol: 'A', n: 98 });
    expect((await stream.next()).value).toEqual({ symbol: 'B', n: 99 });
  });

  it('error policy delivers everything buffered, then throws the overflow and ends', async () => {
    let closed = 0;
    const stream = new MessageStream<number>({
      channel: 'executions',
      capacity: 3,
      overflow: 'error',
      onClose: () => closed++,
    });
    for (let n = 0; n < 5; n += 1) stream.push(n);
    const seen: number[] = [];
    const error = await (async () => {
      for await (const n of stream) seen.push(n);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([0, 1, 2]);
    expect(error).toBeInstanceOf(WsBufferOverflowError);
    expect(error).toMatchObject({ code: 'KRAKENKIT_WS_BUFFER_OVERFLOW', channel: 'executions', capacity: 3 });
    expect(closed).toBe(1);
    expect(stream.push(9)).toBe(false);
  });

  it('drop-oldest keeps the newest `capacity` items', async () => {
    const stream = new MessageStream<number>({ channel: 'ohlc', capacity: 3, overflow: 'drop-oldest' });
    for (let n = 0; n < 10; n += 1) stream.push(n);
    stream.end();
    const seen: number[] = [];
    for await (const n of stream) seen.push(n);
    expect(seen).toEqual([7, 8, 9]);
  });

  it('never holds more than its capacity and delivers in order (any push/pull interleaving)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.boolean(), { maxLength: 200 }),
        async (capacity, ops) => {
          const stream = new MessageStream<number>({ channel: 'trade', capacity, overflow: 'drop-oldest' });
          let next = 0;
          let last = -1;
          for (const push of ops) {
            if (push) stream.push(next++);
            else if (stream.buffered > 0) {
              const { value } = await stream.next();
              expect(value as number).toBeGreaterThan(last);
              last = value as number;
            }
            expect(stream.buffered).toBeLessThanOrEqual(capacity);
          }
        },
      ),
    );
  });
});

describe('slow consumers on a live connection', () => {
  let stub: KrakenWsStub;
  let client: WsClient;

  beforeEach(async () => {
    ({ stub, client } = await stubWithBtcClient({ bids: [['100.0', '1']], asks: [['200.0', '1']] }));
  });

  afterEach(async () => {
    await client.close();
    await stub.close();
  });

  it('a book consumer that falls behind reads the current book, not a backlog', async () => {
    const sub = client.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    await sub.ready;
    await waitFor(() => client.bookState('BTC/USD') === 'valid', 'book');
    for (let i = 1; i <= 50; i += 1) stub.updateBook('BTC/USD', { bids: [[`${100 + i / 10}`, '1']] });
    await waitFor(() => client.book('BTC/USD', 1).bids[0]?.price === '105.0', 'all updates applied');
    const iterator = sub[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.book(1).bids[0]?.price).toBe('105.0');
    await sub.unsubscribe();
  });

  it('an executions consumer that falls behind gets an overflow error instead of silent loss', async () => {
    const sub = client.subscribe({ channel: 'executions' }, { capacity: 2 });
    await sub.ready;
    for (let i = 0; i < 3; i += 1) {
      await client.addOrder({ order_type: 'market', side: 'buy', symbol: 'BTC/USD', order_qty: '1' });
    }
    const seen: string[] = [];
    const error = await (async () => {
      for await (const message of sub) seen.push(message.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['snapshot', 'update']);
    expect(error).toBeInstanceOf(WsBufferOverflowError);
    await waitFor(() => stub.requests('unsubscribe').length === 1, 'unsubscribed after overflow');
  });
});
