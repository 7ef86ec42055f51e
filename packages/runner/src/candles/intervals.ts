/**
 * Candle intervals by the names strategies use (`'1m'`, `'1h'`), each the number of minutes Kraken serves it as
 * (REST OHLC, WebSocket v2 `ohlc`, the downloadable OHLCVT files).
 */
export const CANDLE_INTERVALS = {
  '1m': 1,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '4h': 240,
  '1d': 1440,
  '1w': 10080,
  '15d': 21600,
} as const;

/** A candle interval Kraken serves: `1m`, `5m`, `15m`, `30m`, `1h`, `4h`, `1d`, `1w`, `15d`. */
export type CandleInterval = keyof typeof CANDLE_INTERVALS;

const MINUTE_MS = 60_000;
const BY_MINUTES: ReadonlyMap<number, CandleInterval> = new Map(
  Object.entries(CANDLE_INTERVALS).map(([name, minutes]) => [minutes, name as CandleInterval]),
);

/** Whether `value` names an interval (`'5m'`). */
export function isCandleInterval(value: unknown): value is CandleInterval {
  return typeof value === 'string' && Object.hasOwn(CANDLE_INTERVALS, value);
}

/** The interval Kraken serves as `minutes` (its file names and `interval` fields), or undefined. */
export function intervalOfMinutes(minutes: number): CandleInterval | undefined {
  return BY_MINUTES.get(minutes);
}

/** Length of one candle of `interval`, in ms. */
export function intervalMs(interval: CandleInterval): number {
  return CANDLE_INTERVALS[interval] * MINUTE_MS;
}

/** Every interval, shortest first. */
export const INTERVALS_ASCENDING: readonly CandleInterval[] = Object.keys(
  CANDLE_INTERVALS,
) as CandleInterval[];
