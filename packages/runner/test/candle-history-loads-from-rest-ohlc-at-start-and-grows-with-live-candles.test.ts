import { randomBytes } from 'node:crypto';
import { type Clock, type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import { waitFor } from '@krakenkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { Session } from '../src/engine/session.js';
import { startSession } from '../src/engine/start-session.js';
import { loopbackConfig } from './support/loopback-exchange.js';
import { type Watched, watchBot, watchStrategy } from './support/watch-strategy.js';

const MINUTE = 60_000;
const HISTORY_MINUTES = 12;

/** The exchange's clock: the wall clock moved by an offset the test sets. */
class OffsetClock implements Clock {
  offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }
}

describe('candles of a live session', () => {
  const clock = new OffsetClock();
  const ohlcCalls: number[] = [];
  const watched: Watched = { ticks: [], candles: undefined };
  let running: RunningMockExchange;
  let session: Session;
  let startedAt: number;

  beforeAll(async () => {
    // The exchange opened twelve minutes ago: its market has a history of minute candles by now.
    clock.offset = -HISTORY_MINUTES * MINUTE;
    const apiKey = `candles-${randomBytes(8).toString('hex')}`;
    const apiSecret = randomBytes(64).toString('base64');
    running = await startMockExchange({
      seed: 'live-candles',
      clock,
      accounts: [{ id: 'live', tier: 'intermediate', apiKey, apiSecret, balances: { ZUSD: '10000' } }],
    });
    clock.offset = 0;
    running.exchange.advance();
    running.exchange.on('request', (request) => {
      if (request.endpoint === 'OHLC') ohlcCalls.push(Date.now());
    });
    // `exchange: kraken` at the loopback URL: the socket is the same host's /v2, as `krakenkit mock` serves it.
    const config = loadBotConfig(loopbackConfig(running.url, watchBot('XBT/USD')), {
      file: 'candles.yaml',
      strategies: { watch: watchStrategy(watched, '1m') },
    });
    startedAt = Date.now();
    session = await startSession(config, {
      env: { KK_TEST_API_KEY: apiKey, KK_TEST_API_SECRET: apiSecret },
    });
  });

  afterAll(async () => {
    await session?.stop();
    await running?.close();
  });

  it('start with the history REST OHLC gives, before the first tick', async () => {
    await waitFor(() => watched.candles !== undefined, 'the first tick');
    const series = watched.candles;
    expect(ohlcCalls).toHaveLength(1);
    // Closed candles from before the session began, one a minute, oldest first.
    expect(series?.length).toBeGreaterThanOrEqual(HISTORY_MINUTES - 2);
    const times = series?.toArray().map((candle) => candle.time) ?? [];
    expect(times[0]).toBeLessThanOrEqual(startedAt - (HISTORY_MINUTES - 2) * MINUTE);
    for (let i = 1; i < times.length; i += 1) expect(times[i]).toBe((times[i - 1] as number) + MINUTE);
    expect(series?.forming).toBeDefined();
    expect(series?.ema(5)).toBeTypeOf('number');
  });

  it('grow with the candles the socket sends, without asking REST again', async () => {
    await waitFor(() => session.status().marketData?.source === 'websocket', 'the socket to be live');
    const series = watched.candles;
    const last = series?.last?.time ?? 0;
    const length = series?.length ?? 0;
    // Two minutes pass on the exchange: its ohlc updates close the candle that was forming, and the next.
    clock.offset += 2 * MINUTE;
    running.exchange.advance();
    await waitFor(() => (series?.last?.time ?? 0) >= last + 2 * MINUTE, 'two more closed candles');
    expect(series?.length).toBeGreaterThanOrEqual(Math.min(length + 2, series?.keep ?? 0));
    expect(ohlcCalls).toHaveLength(1);
  });
});
