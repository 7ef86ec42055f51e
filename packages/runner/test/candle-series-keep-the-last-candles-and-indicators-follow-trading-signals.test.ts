import {
  type Candle,
  CandleBook,
  CandleSeries,
  CandlesUnavailableError,
  candleOf,
  IndicatorParamsError,
} from '@krakenkit/runner';
import { Decimal } from 'decimal.js';
import { ATR, BollingerBands, EMA, MACD, RSI } from 'trading-signals';
import { describe, expect, it } from 'vitest';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

// A seeded walk of closes, each candle a little wider than its open and close.
function candles(count: number, seed = 1, start = T0, stepMs = MINUTE): Candle[] {
  let state = seed;
  const next = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  const out: Candle[] = [];
  let close = 100;
  for (let i = 0; i < count; i += 1) {
    const open = close;
    close = Math.round(open * (1 + (next() - 0.5) / 50) * 100) / 100;
    const high = Math.max(open, close) + Math.round(next() * 50) / 100;
    const low = Math.min(open, close) - Math.round(next() * 50) / 100;
    out.push(
      candleOf({
        time: start + i * stepMs,
        open: open.toFixed(2),
        high: high.toFixed(2),
        low: low.toFixed(2),
        close: close.toFixed(2),
        volume: (1 + next()).toFixed(8),
        trades: 1 + Math.floor(next() * 10),
      }),
    );
  }
  return out;
}

const closes = (list: readonly Candle[]) => list.map((candle) => candle.close.toNumber());

describe('a candle series', () => {
  it('keeps the last `keep` closed candles, oldest first, and reads them like an array', () => {
    const series = new CandleSeries('XXBTZUSD', '1m', 5);
    const all = candles(12);
    for (const candle of all) series.push(candle);
    expect(series.length).toBe(5);
    expect(series.toArray()).toEqual(all.slice(-5));
    expect(series.at(0)).toBe(all[7]);
    expect(series.at(-1)).toBe(all[11]);
    expect(series.last).toBe(all[11]);
    expect(series.at(5)).toBeUndefined();
  });

  it('replaces the latest candle with a correction of the same interval and ignores an earlier one', () => {
    const series = new CandleSeries('XXBTZUSD', '1m', 10);
    const [a, b] = candles(2) as [Candle, Candle];
    series.push(a);
    series.push(b);
    const corrected = candleOf({
      time: b.time,
      open: '1',
      high: '3',
      low: '1',
      close: '2',
      volume: '1',
      trades: 1,
    });
    expect(series.push(corrected)).toBe(true);
    expect(series.push(a)).toBe(false);
    expect(series.toArray()).toEqual([a, corrected]);
  });

  it('closes the candle forming in a live feed when a later interval begins, or once its interval is over', () => {
    const series = new CandleSeries('XXBTZUSD', '1m', 10);
    const [first, second] = candles(2) as [Candle, Candle];
    series.observe(first);
    expect(series.length).toBe(0);
    expect(series.forming).toBe(first);
    series.observe(second);
    expect(series.toArray()).toEqual([first]);
    series.closeUntil(second.time + MINUTE - 1);
    expect(series.length).toBe(1);
    series.closeUntil(second.time + MINUTE);
    expect(series.toArray()).toEqual([first, second]);
    expect(series.forming).toBeUndefined();
  });

  it('computes SMA and EMA of the closes as exact arithmetic does, to float precision', () => {
    const series = new CandleSeries('XXBTZUSD', '1m', 50);
    const all = candles(80);
    for (const candle of all) series.push(candle);
    const kept = all.slice(-50).map((candle) => candle.close);
    const mean = kept
      .slice(-20)
      .reduce((sum, close) => sum.plus(close), new Decimal(0))
      .div(20);
    expect(series.sma(20)).toBeCloseTo(mean.toNumber(), 9);
    // The EMA warms from the candles kept when it is first asked for: seeded with the first, alpha = 2 / 21.
    const alpha = new Decimal(2).div(21);
    const ema = kept
      .slice(1)
      .reduce((value, close) => close.minus(value).times(alpha).plus(value), kept[0] as Decimal);
    expect(series.ema(20)).toBeCloseTo(ema.toNumber(), 9);
  });

  it('feeds RSI, MACD, Bollinger bands and ATR with the closes and ranges of closed candles only', () => {
    const series = new CandleSeries('XXBTZUSD', '1m', 500);
    const all = candles(300);
    for (const candle of all.slice(0, 100)) series.push(candle);
    // Asked for before the rest arrive, then kept up to date candle by candle.
    series.rsi();
    series.macd();
    series.bollinger();
    series.atr();
    for (const candle of all.slice(100)) series.push(candle);
    series.observe(candles(1, 9, all[299]!.time + MINUTE)[0] as Candle);
    const rsi = new RSI(14);
    const macd = new MACD(new EMA(12), new EMA(26), new EMA(9));
    const bands = new BollingerBands(20, 2);
    const atr = new ATR(14);
    for (const candle of all) {
      const close = candle.close.toNumber();
      rsi.add(close);
      macd.add(close);
      bands.add(close);
      atr.add({ high: candle.high.toNumber(), low: candle.low.toNumber(), close });
    }
    expect(series.rsi()).toBe(rsi.getResult());
    expect(series.macd()).toEqual(macd.getResult());
    expect(series.bollinger()).toEqual(bands.getResult());
    expect(series.atr()).toBe(atr.getResult());
  });

  it('has no value before an indicator has seen its period, and refuses parameters that mean nothing', () => {
    const series = new CandleSeries('XXBTZUSD', '1m', 100);
    for (const candle of candles(10)) series.push(candle);
    expect(series.sma(20)).toBeUndefined();
    expect(series.ema(11)).toBeUndefined();
    expect(series.sma(10)).toBeCloseTo(closes(candles(10)).reduce((a, b) => a + b) / 10, 9);
    expect(() => series.sma(0)).toThrow(IndicatorParamsError);
    expect(() => series.macd(26, 12)).toThrow(/fast \(26\) must be below slow \(12\)/);
  });
});

describe('a candle book', () => {
  it('builds longer intervals from the source candles: open, highest high, lowest low, close, summed volume', () => {
    const book = new CandleBook({ strict: true });
    book.source('XXBTZUSD', '1m');
    book.declare('XXBTZUSD', { intervals: ['1m', '5m'], keep: 100 });
    const minutes = candles(12);
    for (const candle of minutes) book.ingest('XXBTZUSD', candle);
    const fives = book.series('XXBTZUSD', '5m').toArray();
    expect(fives.map((candle) => candle.time)).toEqual([T0, T0 + 5 * MINUTE]);
    const first = minutes.slice(0, 5);
    expect(fives[0]?.open.eq(first[0]!.open)).toBe(true);
    expect(fives[0]?.close.eq(first[4]!.close)).toBe(true);
    expect(fives[0]?.high.eq(Decimal.max(...first.map((c) => c.high)))).toBe(true);
    expect(fives[0]?.low.eq(Decimal.min(...first.map((c) => c.low)))).toBe(true);
    expect(fives[0]?.volume.eq(first.reduce((sum, c) => sum.plus(c.volume), new Decimal(0)))).toBe(true);
    expect(fives[0]?.trades).toBe(first.reduce((sum, c) => sum + c.trades, 0));
    expect(book.series('XXBTZUSD', '1m').length).toBe(12);
  });

  it('closes a longer candle across a gap, and drops one it only saw part of', () => {
    const book = new CandleBook({ strict: true });
    book.source('XXBTZUSD', '1m');
    const minutes = candles(15);
    // Asked for at minute 2: the first 5-minute candle would be short, so it is left out.
    for (const candle of minutes.slice(0, 2)) book.ingest('XXBTZUSD', candle);
    const fives = book.series('XXBTZUSD', '5m');
    // Minutes 5–7 have no trades (no candle): the 5-minute candle at 5 closes when minute 10 arrives.
    for (const candle of [...minutes.slice(2, 5), minutes[8]!, minutes[9]!, minutes[10]!])
      book.ingest('XXBTZUSD', candle);
    expect(fives.toArray().map((candle) => (candle.time - T0) / MINUTE)).toEqual([5]);
    expect(fives.last?.open.eq(minutes[8]!.open)).toBe(true);
  });

  it('refuses a series its data can never build', () => {
    const book = new CandleBook({ strict: true });
    book.source('XXBTZUSD', '15m');
    expect(() => book.series('XXBTZUSD', '5m')).toThrow(CandlesUnavailableError);
    expect(() => book.series('XXBTZUSD', '1h')).not.toThrow();
    expect(() => book.series('XETHZUSD', '1m')).toThrow(/no candles of XETHZUSD/);
  });
});
