import { oneOf, toNonNegativeInt, toPair, WireBuilder } from '@krakenkit/core/params';
import { ValidationError } from '../../errors/index.js';
import { defineEndpoint } from '../define.js';

/** Candle intervals in minutes. */
export const OHLC_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const;
/** A candle length Kraken serves, in minutes. */
export type OhlcInterval = (typeof OHLC_INTERVALS)[number];

/** Parameters of {@link OHLC}: the pair, the candle length and where to resume. */
export interface OHLCParams {
  pair: string;
  /** Minutes per candle (default 1). */
  interval?: OhlcInterval;
  /** Unix time: return candles after it (Kraken returns at most the 720 most recent). */
  since?: number;
  asset_class?: 'tokenized_asset';
}

/** [time, open, high, low, close, vwap, volume, count]. */
export type OhlcCandle = [
  time: number,
  open: string,
  high: string,
  low: string,
  close: string,
  vwap: string,
  volume: string,
  count: number,
];

/** Candles keyed by pair id, plus `last` (the id to pass as `since` next time). */
export type OHLCResult = Record<string, OhlcCandle[] | number> & { last: number };

/** `GET /0/public/OHLC`. */
export const OHLC = defineEndpoint<OHLCParams, OHLCResult>({
  name: 'OHLC',
  access: 'public',
  permissions: [],
  rate: { kind: 'public' },
  encoding: 'query',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('OHLC', params, ['pair', 'interval', 'since', 'asset_class']);
    w.required('pair', toPair);
    w.optional('interval', toInterval);
    w.optional('since', toNonNegativeInt);
    w.optional('asset_class', oneOf(['tokenized_asset']));
    return w.done();
  },
});

function toInterval(field: string, value: unknown): OhlcInterval {
  if (isOhlcInterval(value)) return value;
  throw new ValidationError(field, value, `one of ${OHLC_INTERVALS.join(', ')} (minutes)`);
}

/** Whether `value` is one of Kraken's candle intervals. */
export function isOhlcInterval(value: unknown): value is OhlcInterval {
  return typeof value === 'number' && (OHLC_INTERVALS as readonly number[]).includes(value);
}
