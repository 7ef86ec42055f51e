import { commaList, oneOf, toPair, WireBuilder } from '@krakenkit/core/params';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link Ticker}. */
export interface TickerParams {
  /** Pairs (array or comma text); all when omitted. */
  pair?: readonly string[] | string;
  asset_class?: 'tokenized_asset';
}

/** Kraken's ticker arrays, decimal text kept as sent. */
export interface TickerInfo {
  /** Ask: [price, whole lot volume, lot volume]. */
  a: [string, string, string];
  /** Bid: [price, whole lot volume, lot volume]. */
  b: [string, string, string];
  /** Last trade: [price, lot volume]. */
  c: [string, string];
  /** Volume: [today, last 24 h]. */
  v: [string, string];
  /** Volume-weighted average price: [today, last 24 h]. */
  p: [string, string];
  /** Number of trades: [today, last 24 h]. */
  t: [number, number];
  /** Low: [today, last 24 h]. */
  l: [string, string];
  /** High: [today, last 24 h]. */
  h: [string, string];
  /** Today's opening price. */
  o: string;
}

/** Keyed by pair id (`XXBTZUSD`). */
export type TickerResult = Record<string, TickerInfo>;

/** `GET /0/public/Ticker`. */
export const Ticker = defineEndpoint<TickerParams, TickerResult>({
  name: 'Ticker',
  access: 'public',
  permissions: [],
  rate: { kind: 'public' },
  encoding: 'query',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('Ticker', params, ['pair', 'asset_class']);
    w.optional('pair', commaList(toPair, { max: 200 }));
    w.optional('asset_class', oneOf(['tokenized_asset']));
    return w.done();
  },
});
