import {
  CandleBook,
  CandlesUnavailableError,
  candleOf,
  candlesOf,
  EmaCrossStrategy,
  emaCrossParamsSchema,
  emaCrossStrategy,
  type Strategy,
  type StrategyView,
  withCandles,
} from '@krakenkit/runner';
import { describe, expect, it } from 'vitest';
import { StrategyHarness, XBT_USD } from './support/strategy-harness.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

/** A book fed one-minute candles closing at the given prices, and the harness of a strategy reading it. */
function setUp(strategy: Strategy) {
  const book = new CandleBook();
  book.source(XBT_USD.id, '1m');
  book.declare(XBT_USD.id, { intervals: ['1m'], keep: 50 });
  const harness = new StrategyHarness(withCandles(strategy, book, [XBT_USD]));
  let minute = 0;
  const close = (price: number) => {
    const text = price.toFixed(1);
    book.ingest(
      XBT_USD.id,
      candleOf({
        time: T0 + minute * MINUTE,
        open: text,
        high: text,
        low: text,
        close: text,
        volume: '1',
        trades: 1,
      }),
    );
    minute += 1;
    return harness.tick(text);
  };
  return { book, harness, close };
}

describe('candles in the strategy view', () => {
  it('are the book series of a pair, found by any of its names', () => {
    let seen: StrategyView | undefined;
    const { book, close } = setUp({
      onTick: (_, view) => {
        seen = view;
        return [];
      },
    });
    close(100);
    const view = seen as StrategyView;
    expect(candlesOf(view, 'XBT/USD', '1m')).toBe(book.series(XBT_USD.id, '1m'));
    expect(candlesOf(view, 'XBTUSD', '1m').last?.close.toFixed()).toBe('100');
    expect(() => candlesOf(view, 'ETH/USD', '1m')).toThrow(/not a pair of this bot/);
  });

  it('are absent where the runner feeds none, and candlesOf says so', () => {
    const view = { candles: undefined } as unknown as StrategyView;
    expect(() => candlesOf(view, 'XBT/USD', '1m')).toThrow(CandlesUnavailableError);
  });
});

describe('the ema-cross strategy', () => {
  const params = (extra: Record<string, unknown> = {}) =>
    emaCrossParamsSchema.parse({ volume: '0.1', interval: '1m', fast: 2, slow: 4, ...extra });

  it('buys on a golden cross of closed candles, once per candle, and sells what it holds on a death cross', () => {
    const { harness, close } = setUp(new EmaCrossStrategy(params()));
    for (const price of [100, 99, 98, 97, 96]) expect(close(price)).toEqual([]);
    const [buy] = close(104);
    expect([buy?.side, buy?.type, buy?.volume.toFixed()]).toEqual(['buy', 'market', '0.1']);
    expect(harness.tick('104.5')).toEqual([]); // the same closed candle: no second decision
    harness.fill(buy?.tag as string, { price: '104' });
    expect(close(105)).toEqual([]);
    const [sell] = close(90);
    expect([sell?.side, sell?.volume.toFixed()]).toEqual(['sell', '0.1']);
  });

  it('stays out of an overbought market when rsiMax says so', () => {
    const fall = [100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 88, 87, 86];
    const capped = setUp(new EmaCrossStrategy(params({ rsiMax: 50 })));
    const free = setUp(new EmaCrossStrategy(params()));
    for (const price of fall) {
      capped.close(price);
      free.close(price);
    }
    // A sharp rise crosses the EMAs with the RSI far above 50: only the bot without the cap buys.
    expect(free.close(120).map((order) => order.side)).toEqual(['buy']);
    expect(capped.close(120)).toEqual([]);
  });

  it('declares the series it reads from its params, and refuses a ring shorter than its slow EMA', () => {
    expect(emaCrossStrategy.candles?.(params({ interval: '15m', keep: 300 }))).toEqual({
      intervals: ['15m'],
      keep: 300,
    });
    expect(emaCrossParamsSchema.safeParse({ volume: '0.1', slow: 50, keep: 20 }).success).toBe(false);
  });

  it('says once that it has no candles where the runner feeds none, then places nothing', () => {
    const harness = new StrategyHarness(new EmaCrossStrategy(params()));
    for (let i = 0; i < 5; i += 1) expect(harness.tick('100')).toEqual([]);
    expect(harness.bot.errors).toEqual([
      'ema-cross decides on candles, and this runner feeds none: it places nothing',
    ]);
  });
});
