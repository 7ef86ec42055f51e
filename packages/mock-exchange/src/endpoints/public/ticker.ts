import type { ExchangeContext } from '../../context.js';
import { type Decimal, ZERO } from '../../core/decimal.js';
import type { Candle } from '../../market/history.js';
import type { Pair } from '../../market/pairs.js';

const DAY_S = 86_400;

/** Kraken's Ticker record: a, b, c, v, p, t, l, h, o (today = since UTC midnight; plus the last 24 hours). */
export function tickerView(ctx: ExchangeContext, pair: Pair, now: number): Record<string, unknown> {
  const market = ctx.markets.of(pair);
  const nowS = Math.floor(now / 1000);
  const candles = market.history.candles;
  const today = summarize(
    candles.filter((c) => c.time >= nowS - (nowS % DAY_S)),
    market.mid,
  );
  const day = summarize(
    candles.filter((c) => c.time > nowS - DAY_S),
    market.mid,
  );
  const px = (v: Decimal) => v.toFixed(pair.pairDecimals);
  const lastTrade = market.history.trades[market.history.trades.length - 1];
  return {
    a: [px(market.ask), '1', '1.000'],
    b: [px(market.bid), '1', '1.000'],
    c: [px(market.last), (lastTrade?.volume ?? ZERO).toFixed(pair.lotDecimals)],
    v: [today.volume.toFixed(8), day.volume.toFixed(8)],
    p: [px(today.vwap), px(day.vwap)],
    t: [today.count, day.count],
    l: [px(today.low), px(day.low)],
    h: [px(today.high), px(day.high)],
    o: px(today.open),
  };
}

interface Summary {
  open: Decimal;
  high: Decimal;
  low: Decimal;
  volume: Decimal;
  vwap: Decimal;
  count: number;
}

function summarize(candles: readonly Candle[], fallback: Decimal): Summary {
  const first = candles[0];
  if (first === undefined)
    return { open: fallback, high: fallback, low: fallback, volume: ZERO, vwap: fallback, count: 0 };
  let { high, low } = first;
  let volume = ZERO;
  let notional = ZERO;
  let count = 0;
  for (const c of candles) {
    if (c.high.greaterThan(high)) high = c.high;
    if (c.low.lessThan(low)) low = c.low;
    volume = volume.plus(c.volume);
    notional = notional.plus(c.notional);
    count += c.count;
  }
  return {
    open: first.open,
    high,
    low,
    volume,
    vwap: volume.isZero() ? fallback : notional.div(volume),
    count,
  };
}

/** Minute candles merged into `interval`-minute candles (interval start times). */
export function aggregateCandles(candles: readonly Candle[], interval: number): Candle[] {
  if (interval === 1) return [...candles];
  const span = interval * 60;
  const out: Candle[] = [];
  for (const c of candles) {
    const start = c.time - (c.time % span);
    const last = out[out.length - 1];
    if (last !== undefined && last.time === start) {
      last.high = c.high.greaterThan(last.high) ? c.high : last.high;
      last.low = c.low.lessThan(last.low) ? c.low : last.low;
      last.close = c.close;
      last.volume = last.volume.plus(c.volume);
      last.notional = last.notional.plus(c.notional);
      last.count += c.count;
    } else {
      out.push({ ...c, time: start });
    }
  }
  return out;
}
