import { join } from 'node:path';
import {
  defineBotConfig,
  loadMarketData,
  runBacktest,
  type Strategy,
  type StrategyDefinition,
} from '@krakenkit/runner';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/memory-io.js';

const T = 1767225600; // 2026-01-01T00:00:00Z
const DAY_MS = 86_400_000;

/** Buys 0.1 XBT at market on the first tick at or after each of the given moments. */
function buyer(at: readonly number[]): StrategyDefinition<unknown> {
  return {
    name: 'buyer',
    summary: 'buys at market at set moments',
    params: { safeParse: (value) => ({ success: true, data: value }) },
    create: (): Strategy => {
      let next = 0;
      return {
        onTick: (tick) => {
          if (next >= at.length || tick.at < (at[next] as number)) return [];
          next += 1;
          const order = {
            tag: `buy-${next}`,
            pair: 'XXBTZUSD',
            side: 'buy',
            type: 'market',
            volume: new Decimal('0.1'),
          };
          return [{ type: 'place' as const, order: order as never }];
        },
      };
    },
  };
}

// Hourly candles flat at 100 for `days` days.
function hourly(days: number) {
  const rows = Array.from({ length: days * 24 }, (_, i) => `${T + i * 3600},100.0,100.0,100.0,100.0,1,1`);
  const dir = tempDir({ 'XBTUSD_60.csv': `${rows.join('\n')}\n` });
  return loadMarketData([join(dir, 'XBTUSD_60.csv')]);
}

describe("a backtest's 30-day volume", () => {
  it('lets the volume the account starts with age out of the window as market time passes', async () => {
    const config = defineBotConfig(
      {
        // 10M USD over the last 30 days: the top tier (0.10% taker) at the start.
        account: { tier: 'intermediate', balances: { ZUSD: '100000' }, volume30d: '10000000' },
        keys: {
          paper: {
            permissions: ['funds_query', 'trades_query_open', 'trades_query_closed', 'trades_modify'],
          },
        },
        bots: [{ name: 'buyer', key: 'paper', strategy: 'buyer', pairs: ['XBT/USD'], params: {} }],
      },
      { name: 'volume', strategies: { buyer: buyer([T * 1000, T * 1000 + 40 * DAY_MS]) } },
    );
    const result = await runBacktest(config, { data: hourly(45) });
    const rates = result.trades.map((trade) =>
      trade.fee.div(trade.price.times(trade.volume)).times(100).toFixed(2),
    );
    // Forty days on, the 10M traded before the start is out of the 30-day window and the bots traded 20 USD since:
    // the base tier's 0.40% taker fee, not the top tier's 0.10% for ever.
    expect(rates).toEqual(['0.10', '0.40']);
  });
});
