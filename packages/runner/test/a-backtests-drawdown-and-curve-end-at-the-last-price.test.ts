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

/** Buys 1 XBT at market on its first tick and holds it. */
const holder: StrategyDefinition<unknown> = {
  name: 'holder',
  summary: 'buys once and holds',
  params: { safeParse: (value) => ({ success: true, data: value }) },
  create: (): Strategy => {
    let bought = false;
    return {
      onTick: () => {
        if (bought) return [];
        bought = true;
        const order = { tag: 'buy', pair: 'XXBTZUSD', side: 'buy', type: 'market', volume: new Decimal('1') };
        return [{ type: 'place' as const, order: order as never }];
      },
    };
  },
};

describe("a backtest's PnL curve", () => {
  it('ends at the PnL the totals report, so a fall in the last minute counts in the drawdown', async () => {
    // An hour flat at 100, then a last one-minute candle that opens at 100 and closes at 50.
    const rows = Array.from({ length: 60 }, (_, i) => `${T + i * 60},100.0,100.0,100.0,100.0,1,1`);
    rows.push(`${T + 3600},100.0,100.0,50.0,50.0,1,1`);
    const dir = tempDir({ 'XBTUSD_1.csv': `${rows.join('\n')}\n` });
    const config = defineBotConfig(
      {
        account: { tier: 'intermediate', balances: { ZUSD: '100000' } },
        keys: {
          paper: {
            permissions: ['funds_query', 'trades_query_open', 'trades_query_closed', 'trades_modify'],
          },
        },
        bots: [{ name: 'holder', key: 'paper', strategy: 'holder', pairs: ['XBT/USD'], params: {} }],
      },
      { name: 'fall', strategies: { holder } },
    );
    const result = await runBacktest(config, { data: loadMarketData([join(dir, 'XBTUSD_1.csv')]) });
    const { net } = result.totals;
    expect(net.lt(-50)).toBe(true);
    // The curve's last point is the end of the run, as the totals are.
    expect(result.curve.at(-1)?.pnl.toFixed()).toBe(net.toFixed());
    // The held coin fell 50 from the best the curve saw (just after the buy, marked at 100).
    expect(result.maxDrawdown.amount.toFixed()).toBe('50');
    expect(result.maxDrawdown.troughAt).toBe(result.to);
  });
});
