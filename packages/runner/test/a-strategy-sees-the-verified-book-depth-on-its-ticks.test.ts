import { randomBytes } from 'node:crypto';
import { Decimal } from '@krakenkit/core';
import { type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import type { MarketTick } from '@krakenkit/runner';
import { waitFor } from '@krakenkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { Session } from '../src/engine/session.js';
import { startSession } from '../src/engine/start-session.js';
import { loopbackConfig } from './support/loopback-exchange.js';
import { type Watched, watchBot, watchStrategy } from './support/watch-strategy.js';

const HOUR = 3_600_000;

/** The text of a book side, for comparing what the strategy saw with what the exchange holds. */
const textOf = (levels: ReadonlyArray<{ price: { toFixed(): string }; volume: { toFixed(): string } }>) =>
  levels.map((level) => `${level.price.toFixed()} × ${level.volume.toFixed()}`);

describe('the order book a strategy sees on its ticks', () => {
  let running: RunningMockExchange;
  const sessions: Session[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    const apiKey = `book-depth-${randomBytes(8).toString('hex')}`;
    const apiSecret = randomBytes(64).toString('base64');
    // A market that holds still (no price step within the test), so its book can be compared level by level.
    running = await startMockExchange({
      seed: 'book-depth',
      settings: { stepMs: HOUR },
      accounts: [{ id: 'live', tier: 'intermediate', apiKey, apiSecret, balances: { ZUSD: '10000' } }],
    });
    env = { KK_TEST_API_KEY: apiKey, KK_TEST_API_SECRET: apiSecret };
  });

  afterAll(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.stop()));
    await running?.close();
  });

  async function watching(run = ''): Promise<{ session: Session; watched: Watched }> {
    const watched: Watched = { ticks: [], candles: undefined };
    const config = loadBotConfig(loopbackConfig(running.url, watchBot('XBT/USD'), run), {
      file: 'book.yaml',
      strategies: { watch: watchStrategy(watched) },
    });
    const session = await startSession(config, { env });
    sessions.push(session);
    return { session, watched };
  }

  it('is the verified book: ten levels a side, best first, decimal prices and volumes, as the exchange holds them', async () => {
    const { session, watched } = await watching();
    await waitFor(() => watched.ticks.some((tick) => tick.book !== undefined), 'a tick with the book');
    const tick = watched.ticks.find((candidate) => candidate.book !== undefined) as MarketTick;
    const book = tick.book;
    if (book === undefined) throw new Error('unreachable');
    expect(book.bids).toHaveLength(10);
    expect(book.asks).toHaveLength(10);
    for (const level of [...book.bids, ...book.asks]) {
      expect(level.price).toBeInstanceOf(Decimal);
      expect(level.volume).toBeInstanceOf(Decimal);
      expect(level.volume.gt(0)).toBe(true);
    }
    for (let i = 1; i < 10; i += 1) {
      expect(book.bids[i]?.price.lt(book.bids[i - 1]?.price ?? 0)).toBe(true);
      expect(book.asks[i]?.price.gt(book.asks[i - 1]?.price ?? 0)).toBe(true);
    }
    // The tick's touch is the book's best levels.
    expect(tick.bid.eq(book.bids[0]?.price ?? 0)).toBe(true);
    expect(tick.ask.eq(book.asks[0]?.price ?? 0)).toBe(true);
    // What the exchange holds, level by level.
    const exchange = running.exchange.bookSnapshot('XBTUSD', 10);
    expect(textOf(book.bids)).toEqual(textOf(exchange.bids));
    expect(textOf(book.asks)).toEqual(textOf(exchange.asks));
    // The strategy's view holds the same tick.
    expect(session.bots[0]?.view().market(tick.pair.id)?.book).toBeDefined();
  });

  it('is absent from REST Ticker ticks (run.marketData: rest)', async () => {
    const { watched } = await watching('  marketData: rest\n');
    await waitFor(() => watched.ticks.length >= 3, 'three ticks from REST');
    expect(watched.ticks.every((tick) => tick.book === undefined)).toBe(true);
  });
});
