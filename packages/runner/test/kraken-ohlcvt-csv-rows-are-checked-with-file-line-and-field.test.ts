import { join } from 'node:path';
import { BacktestDataError, loadMarketData, type MarketEvent } from '@krakenkit/runner';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/memory-io.js';

const T = 1767225600; // 2026-01-01T00:00:00Z, in seconds
const GOOD = [`${T},100.0,101.0,99.0,100.5,1.5,10`, `${T + 60},100.5,100.8,99.5,99.9,0.25,3`];

function problem(rows: readonly string[], name = 'XBTUSD_1.csv'): BacktestDataError {
  const dir = tempDir({ [name]: `${rows.join('\n')}\n` });
  try {
    loadMarketData([join(dir, name)]);
  } catch (error) {
    if (error instanceof BacktestDataError) return error;
    throw error;
  }
  throw new Error('expected a BacktestDataError');
}

describe("Kraken's OHLCVT CSV files", () => {
  it('take their pair and interval from Kraken file names, and cover the candles from first to last', () => {
    const dir = tempDir({
      'XBTUSD_1.csv': `${GOOD.join('\r\n')}\r\n`,
      'ETHUSD_60.csv': `${T},3000,3010,2990,3005,2,7\n`,
    });
    const [xbt, eth] = loadMarketData([join(dir, 'XBTUSD_1.csv'), join(dir, 'ETHUSD_60.csv')]);
    expect([xbt?.pair, xbt?.interval, xbt?.rows, xbt?.first, xbt?.last]).toEqual([
      'XBTUSD',
      '1m',
      2,
      T * 1000,
      (T + 120) * 1000,
    ]);
    expect([eth?.pair, eth?.interval]).toEqual(['ETHUSD', '1h']);
  });

  it('take them from the flags when the name does not say, and refuse a name that does not without them', () => {
    const dir = tempDir({ 'history.csv': `${GOOD.join('\n')}\n` });
    const [source] = loadMarketData([join(dir, 'history.csv')], { pair: 'XBT/USD', intervalMinutes: 1 });
    expect(source?.pair).toBe('XBT/USD');
    expect(() => loadMarketData([join(dir, 'history.csv')])).toThrow(/give --pair and --interval/);
    // only what is missing is asked for
    expect(() => loadMarketData([join(dir, 'history.csv')], { pair: 'XBT/USD' })).toThrow(
      /does not say the interval .*: give --interval$/,
    );
    expect(() => loadMarketData([join(dir, 'history.csv')], { intervalMinutes: 1 })).toThrow(
      /does not say the pair .*: give --pair$/,
    );
    expect(() => loadMarketData([join(dir, 'history.csv')], { pair: 'XBTUSD', intervalMinutes: 7 })).toThrow(
      /7 minutes is not an interval Kraken serves/,
    );
  });

  it.each([
    [
      'a header row',
      ['timestamp,open,high,low,close,volume,trades', ...GOOD],
      1,
      'timestamp',
      /no header row/,
    ],
    ['a missing field', [GOOD[0], `${T + 60},100.5,100.8,99.5,99.9,0.25`], 2, 'row', /expected 7 fields/],
    [
      'a price that is not a number',
      [GOOD[0], `${T + 60},100.5,abc,99.5,99.9,0.25,3`],
      2,
      'high',
      /price above 0, got "abc"/,
    ],
    ['a zero price', [`${T},0,101.0,0,100.5,1.5,10`], 1, 'open', /price above 0/],
    // Past the largest double the row's checks (high ≥ close, …) would compare Infinity and pass anything.
    ['a price too large in exponent form', [`${T},100.0,1e400,99.0,100.5,1,2`], 1, 'high', /too large/],
    [
      'a price too large in plain form',
      [`${T},100.0,1${'0'.repeat(400)},99.0,100.5,1,2`],
      1,
      'high',
      /too large/,
    ],
    [
      'a high below the close',
      [`${T},100.0,100.2,99.0,100.5,1.5,10`],
      1,
      'high',
      /below the open, low or close/,
    ],
    ['a low above the open', [`${T},100.0,101.0,100.1,100.5,1.5,10`], 1, 'low', /above the open or close/],
    ['a negative volume', [`${T},100.0,101.0,99.0,100.5,-1,10`], 1, 'volume', /volume of 0 or more/],
    [
      'a fractional trade count',
      [`${T},100.0,101.0,99.0,100.5,1,2.5`],
      1,
      'trades',
      /whole number of trades/,
    ],
    [
      'a time off the interval',
      [`${T + 30},100.0,101.0,99.0,100.5,1,2`],
      1,
      'timestamp',
      /not the start of a 1m interval/,
    ],
    ['rows out of order', [GOOD[1], GOOD[0]], 2, 'timestamp', /not later than the row before/],
  ])('refuse %s, naming the file, line and field', (_, rows, line, field, message) => {
    const error = problem(rows as string[]);
    expect(error.code).toBe('KRAKENKIT_BACKTEST_DATA');
    expect([error.line, error.field]).toEqual([line, field]);
    expect(error.message).toMatch(new RegExp(`XBTUSD_1\\.csv:${line}: ${field}: `));
    expect(error.message).toMatch(message);
  });

  it('replay each candle as four prices a quarter apart, the low first in an up candle and the high first in a down one', () => {
    const dir = tempDir({ 'XBTUSD_1.csv': `${GOOD.join('\n')}\n` });
    const [source] = loadMarketData([join(dir, 'XBTUSD_1.csv')]);
    const events = [...(source?.events(0, Number.POSITIVE_INFINITY) ?? [])];
    const shown = (event: MarketEvent) =>
      event.kind === 'price'
        ? `${(event.at / 1000 - T).toFixed(0)}s ${event.price}`
        : `${(event.at / 1000 - T).toFixed(0)}s candle`;
    expect(events.map(shown)).toEqual([
      '0s 100.0',
      '15s 99.0',
      '30s 101.0',
      '45s 100.5',
      '60s candle',
      '60s 100.5',
      '75s 100.8',
      '90s 99.5',
      '105s 99.9',
      '120s candle',
    ]);
  });

  it('replay only the candles from --from up to --to', () => {
    const dir = tempDir({ 'XBTUSD_1.csv': `${GOOD.join('\n')}\n` });
    const [source] = loadMarketData([join(dir, 'XBTUSD_1.csv')]);
    const events = [...(source?.events((T + 60) * 1000, (T + 120) * 1000) ?? [])];
    expect(events.filter((event) => event.kind === 'candle')).toHaveLength(1);
    expect(events[0]).toEqual({ kind: 'price', at: (T + 60) * 1000, price: '100.5' });
  });
});
