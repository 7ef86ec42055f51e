import { join } from 'node:path';
import {
  defineBotConfig,
  loadMarketData,
  type MarketTick,
  runBacktest,
  type StrategyDefinition,
} from '@krakenkit/runner';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/memory-io.js';

const T = 1767225600; // 2026-01-01T00:00:00Z

/** Notes every tick it is shown, and does nothing. */
function watcher(ticks: MarketTick[]): StrategyDefinition<Record<string, never>> {
  return {
    name: 'watch',
    summary: 'notes its ticks',
    params: { safeParse: () => ({ success: true, data: {} }) },
    create: () => ({
      onTick: (tick) => {
        ticks.push(tick);
        return [];
      },
    }),
  };
}

function config(ticks: MarketTick[]) {
  return defineBotConfig(
    {
      account: { tier: 'intermediate', balances: { ZUSD: '1000' } },
      keys: { paper: { permissions: ['funds_query', 'trades_query_open', 'trades_modify'] } },
      bots: [{ name: 'watch', key: 'paper', strategy: 'watch', pairs: ['XBT/USD'], params: {} }],
    },
    { name: 'watch', strategies: { watch: watcher(ticks) } },
  );
}

describe('a backtest with --to part-way through a candle', () => {
  it('replays the candles that end by then, and no price of the one it cuts (its low and high may come later)', async () => {
    const dir = tempDir({
      'XBTUSD_1.csv': [`${T},100.0,103.0,98.0,102.0,5,40`, `${T + 60},102.0,140.0,60.0,101.0,5,40`, ''].join(
        '\n',
      ),
    });
    const ticks: MarketTick[] = [];
    const to = (T + 60 + 20) * 1000; // 20 s into the second candle
    const result = await runBacktest(config(ticks), {
      data: loadMarketData([join(dir, 'XBTUSD_1.csv')]),
      to,
    });
    // The first candle's path (open → low → high → close); nothing of the second, whose 140 and 60 may be after --to.
    expect(ticks.map((tick) => `${tick.at / 1000 - T} ${tick.mid.toFixed()}`)).toEqual([
      '0 100',
      '15 98',
      '30 103',
      '45 102',
    ]);
    expect(result.run.candles).toBe(1);
    expect(result.to).toBeLessThan(to);
  });
});
