import { intInRange, oneOf, toPair, WireBuilder } from '@krakenkit/core/params';
import { ValidationError } from '../../errors/index.js';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link Trades}: the pair and where to resume. */
export interface TradesParams {
  pair: string;
  /**
   * Return trades after this point: the `last` of a previous answer (nanosecond-resolution text, beyond
   * `Number.MAX_SAFE_INTEGER`, so pass it as a string) or a unix time in seconds.
   */
  since?: string | number;
  /** 1–1000 trades (Kraken's default 1000). */
  count?: number;
  asset_class?: 'tokenized_asset';
}

/** [price, volume, time, side b/s, type m/l, misc, trade id]. */
export type PublicTrade = [
  price: string,
  volume: string,
  time: number,
  side: 'b' | 's',
  orderType: 'm' | 'l',
  misc: string,
  tradeId: number,
];

/** Trades keyed by pair id, plus `last` (pass as `since` next time). */
export type TradesResult = Record<string, PublicTrade[] | string> & { last: string };

/** `GET /0/public/Trades`: recent public trades. */
export const Trades = defineEndpoint<TradesParams, TradesResult>({
  name: 'Trades',
  access: 'public',
  permissions: [],
  rate: { kind: 'public' },
  encoding: 'query',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('Trades', params, ['pair', 'since', 'count', 'asset_class']);
    w.required('pair', toPair);
    w.optional('since', toSinceCursor);
    w.optional('count', intInRange(1, 1000));
    w.optional('asset_class', oneOf(['tokenized_asset']));
    return w.done();
  },
});

/** A non-negative integer cursor as text (it may not fit a JS number). */
export function toSinceCursor(field: string, value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,24}$/.test(value)) return value;
  throw new ValidationError(field, value, 'a non-negative integer cursor (text for nanosecond values)');
}
