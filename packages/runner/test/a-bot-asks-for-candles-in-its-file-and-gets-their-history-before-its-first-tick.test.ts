import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ConfigError, type ConfigIssue } from '@krakenkit/client';
import { type Clock, startMockExchange } from '@krakenkit/mock-exchange';
import { loadMarketData, runBacktest } from '@krakenkit/runner';
import { waitFor } from '@krakenkit/test-support';
import { describe, expect, it } from 'vitest';
import type { CandleView } from '../src/candles/candle-series.js';
import { loadBotConfig } from '../src/config/load.js';
import { startSession } from '../src/engine/start-session.js';
import type { StrategyDefinition } from '../src/strategies/types.js';
import { paperConfig } from './support/configs.js';
import { loopbackConfig } from './support/loopback-exchange.js';

const MINUTE = 60_000;

/** The exchange's clock: the wall clock moved by an offset the test sets. */
class OffsetClock implements Clock {
  constructor(public offset: number) {}

  now(): number {
    return Date.now() + this.offset;
  }
}

/** `reader`: declares no candles itself; on its first tick it reads the 1m and 5m series of its pair. */
function reader(seen: { first?: { m1: CandleView; m5: CandleView } }): StrategyDefinition<unknown> {
  return {
    name: 'reader',
    summary: 'reads candles it never declared',
    params: { safeParse: (value) => ({ success: true, data: value }) },
    create: () => ({
      onTick(tick, view) {
        const read = (interval: '1m' | '5m') => view.candles?.(tick.pair.id, interval) as CandleView;
        seen.first ??= { m1: read('1m'), m5: read('5m') };
        return [];
      },
    }),
  };
}

const bot = (candles: string) => `  - name: reader
    key: trader
    strategy: reader
    pairs: [XBT/USD]
    candles: ${candles}
`;

function issuesOf(yaml: string): readonly ConfigIssue[] {
  try {
    loadBotConfig(yaml, { file: 'bot.yaml', strategies: { reader: reader({}) } });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('candles: in the bot file', () => {
  it('takes one interval or a list, and how many closed candles to keep', () => {
    const load = (candles: string) =>
      loadBotConfig(paperConfig(bot(candles)), { file: 'bot.yaml', strategies: { reader: reader({}) } });
    expect(load('{ intervals: [5m, 1h], keep: 300 }').bots[0]?.candles).toEqual({
      intervals: ['5m', '1h'],
      keep: 300,
    });
    expect(load('{ intervals: 15m }').bots[0]?.candles).toEqual({ intervals: ['15m'] });
  });

  it('refuses unknown intervals, bad counts, repeats and unknown keys, each at its file:line:column', () => {
    const yaml = paperConfig(
      `${bot('{ intervals: [5m, 7m], keep: 0 }')}${bot('{ intervals: [1h, 1h], keep: 20000 }').replace('name: reader', 'name: two')}${bot('{ interval: 5m, keep: 2.5 }').replace('name: reader', 'name: three')}`,
    );
    const issues = issuesOf(yaml);
    const at = (path: string) => issues.find((issue) => issue.path === path);
    const lines = yaml.split('\n');
    const line = lines.findIndex((text) => text.includes('[5m, 7m]')) + 1;
    expect(at('bots[0].candles.intervals[1]')).toMatchObject({
      file: 'bot.yaml',
      line,
      column: (lines[line - 1] ?? '').indexOf('7m') + 1,
      message: 'unknown interval "7m": use one of 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 15d',
    });
    expect(at('bots[0].candles.keep')?.message).toBe('expected at least 1 candle');
    expect(at('bots[1].candles.intervals[1]')?.message).toBe('1h is listed twice');
    expect(at('bots[1].candles.keep')?.message).toBe('expected at most 10000 candles');
    expect(at('bots[2].candles.interval')?.message).toBe('unknown key "interval"');
    expect(at('bots[2].candles.keep')?.message).toBe('expected a whole number of candles, got 2.5');
    expect(issues.every((issue) => issue.line !== undefined && issue.column !== undefined)).toBe(true);
  });

  it('declares the series it names: filled with REST OHLC history before the first tick, as many as it keeps', async () => {
    // The exchange opened 40 minutes ago: its market has 40 minute candles, and eight 5-minute ones, by now.
    const clock = new OffsetClock(-40 * MINUTE);
    const apiKey = `bot-candles-${randomBytes(8).toString('hex')}`;
    const apiSecret = randomBytes(64).toString('base64');
    const running = await startMockExchange({
      seed: 'bot-candles',
      clock,
      accounts: [{ id: 'live', tier: 'intermediate', apiKey, apiSecret, balances: { ZUSD: '10000' } }],
    });
    try {
      clock.offset = 0;
      running.exchange.advance();
      const seen: { first?: { m1: CandleView; m5: CandleView } } = {};
      const config = loadBotConfig(loopbackConfig(running.url, bot('{ intervals: [1m], keep: 12 }')), {
        file: 'candles.yaml',
        strategies: { reader: reader(seen) },
      });
      const session = await startSession(config, {
        env: { KK_TEST_API_KEY: apiKey, KK_TEST_API_SECRET: apiSecret },
      });
      try {
        await waitFor(() => seen.first !== undefined, 'the first tick');
        const { m1, m5 } = seen.first ?? {};
        // Declared by the file: its ring keeps 12, full of history at the first tick, one a minute.
        expect(m1?.keep).toBe(12);
        expect(m1?.length).toBe(12);
        const times = m1?.toArray().map((candle) => candle.time) ?? [];
        for (let i = 1; i < times.length; i += 1) expect(times[i]).toBe((times[i - 1] as number) + MINUTE);
        // Not declared: set up when first read, with the default ring, empty until candles come.
        expect(m5?.keep).toBe(500);
        expect(m5?.length).toBe(0);
      } finally {
        await session.stop();
      }
    } finally {
      await running.close();
    }
  });

  it('declares them in a backtest too: filled from the first candle of the data, as many as it keeps', async () => {
    const seen: { first?: { m1: CandleView; m5: CandleView } } = {};
    const config = loadBotConfig(paperConfig(bot('{ intervals: 5m, keep: 7 }')), {
      file: 'bot.yaml',
      strategies: { reader: reader(seen) },
    });
    const file = fileURLToPath(new URL('../../../examples/backtest/XBTUSD_1.csv', import.meta.url));
    await runBacktest(config, { data: loadMarketData([file]), to: Date.UTC(2026, 0, 5, 1) });
    const { m1, m5 } = seen.first ?? {};
    // Declared before the first candle: full ring of 5-minute candles built from the 1-minute data.
    expect(m5?.keep).toBe(7);
    expect(m5?.length).toBe(7);
    expect(m5?.last?.time).toBe(Date.UTC(2026, 0, 5, 0, 55));
    expect(m1?.keep).toBe(500);
  });
});
