import { type CandleInterval, intervalMs } from '../candles/intervals.js';

/** How a synthetic history is drawn. */
export interface SyntheticOptions {
  /** Seed of the draw: the same seed gives the same file, byte for byte. */
  seed: number;
  /** First candle's start, epoch ms (on the interval). */
  start: number;
  count: number;
  interval?: CandleInterval;
  /** First open. */
  price?: number;
  /** Standard deviation of one candle's log return (default 0.0009: about 3.4% a day for minutes). */
  volatility?: number;
  /** Decimals of prices (the pair's tick: 1 for XBT/USD). */
  decimals?: number;
}

// mulberry32: a small seeded generator, so the fixture is the same on every machine and Node version.
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Candles in Kraken's OHLCVT CSV format (no header; `timestamp,open,high,low,close,volume,trades`, timestamp in
 * seconds), drawn as a seeded random walk: each candle opens at the last close, moves by a normal log return, and
 * reaches a little beyond its open and close on both sides. For fixtures and benchmarks, not for trading decisions.
 */
export function* syntheticCandleRows(options: SyntheticOptions): Generator<string> {
  const random = generator(options.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const step = intervalMs(options.interval ?? '1m');
  const volatility = options.volatility ?? 0.0009;
  const decimals = options.decimals ?? 1;
  const round = (value: number) => value.toFixed(decimals);
  let close = options.price ?? 65_000;
  for (let i = 0; i < options.count; i += 1) {
    const open = close;
    close = open * Math.exp(volatility * normal());
    const high = Math.max(open, close) * (1 + Math.abs(normal()) * volatility * 0.5);
    const low = Math.min(open, close) * (1 - Math.abs(normal()) * volatility * 0.5);
    const volume = (0.05 + random() * 4).toFixed(8);
    const trades = 1 + Math.floor(random() * 60);
    const time = (options.start + i * step) / 1000;
    yield `${time},${round(open)},${round(high)},${round(low)},${round(close)},${volume},${trades}`;
  }
}
