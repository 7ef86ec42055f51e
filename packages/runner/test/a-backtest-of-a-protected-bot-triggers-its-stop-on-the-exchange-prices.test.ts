import { join } from 'node:path';
import { defineBotConfig, loadMarketData, runBacktest } from '@krakenkit/runner';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/memory-io.js';

const T = 1767225600; // 2026-01-01T00:00:00Z

// One-minute candles climbing from 100 by 0.5 a minute, then a gap down to 80: the stop is hit at the gap's first
// price, before the trend follower could see the turn.
function rows(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 30; i += 1) {
    const open = (100 + i * 0.5).toFixed(1);
    const close = (100 + (i + 1) * 0.5).toFixed(1);
    out.push(`${T + i * 60},${open},${close},${open},${close},1,1`);
  }
  for (let i = 30; i < 40; i += 1) out.push(`${T + i * 60},80.0,80.0,80.0,80.0,1,1`);
  return out;
}

describe('a backtest of a bot with protect:', () => {
  it('rests the entry’s stop-loss on the backtest exchange, which closes the position when its prices reach it', async () => {
    const dir = tempDir({ 'XBTUSD_1.csv': `${rows().join('\n')}\n` });
    const config = defineBotConfig(
      {
        account: { tier: 'intermediate', balances: { ZUSD: '100000' } },
        keys: {
          paper: {
            permissions: [
              'funds_query',
              'trades_query_open',
              'trades_query_closed',
              'trades_modify',
              'trades_close',
            ],
          },
        },
        run: { deadManSwitch: false },
        bots: [
          {
            name: 'trend',
            key: 'paper',
            strategy: 'margin-trend',
            pairs: ['XBT/USD'],
            params: {
              volume: '1',
              leverage: 2,
              fast: 2,
              slow: 4,
              maxEntries: 1,
              direction: 'long',
              entryEvery: '0s',
            },
            protect: { stopLoss: '2%' },
          },
        ],
      },
      { name: 'protected' },
    );
    const result = await runBacktest(config, { data: loadMarketData([join(dir, 'XBTUSD_1.csv')]) });
    const trades = result.trades.map((trade) => `${trade.tag} ${trade.side} ${trade.volume.toFixed()}`);
    expect(trades).toEqual(['XXBTZUSD:entry1 buy 1', 'XXBTZUSD:entry1#sl sell 1']);
    const [entry, stop] = result.trades;
    // Triggered at the gap's first price, far under its trigger 2 % below the entry: a stop-loss is a market order
    // once triggered, filled at the bid of a market at 80.
    expect(stop?.price.lte(80)).toBe(true);
    expect(stop?.price.gt(79)).toBe(true);
    expect(entry?.price.gt(100)).toBe(true);
    expect(result.bots[0]?.books.map((book) => book.position.toFixed())).toEqual(['0']);
  });
});
