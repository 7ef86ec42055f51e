import { intInRange, oneOf, toPair, WireBuilder } from '@krakenkit/core/params';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link Depth}: the pair and how many levels per side. */
export interface DepthParams {
  pair: string;
  /** Levels per side, 1–500 (Kraken's default 100). */
  count?: number;
  asset_class?: 'tokenized_asset';
}

/** One level: [price, volume, unix time]. */
export type DepthLevel = [price: string, volume: string, timestamp: number];

/** Keyed by pair id. */
export type DepthResult = Record<string, { asks: DepthLevel[]; bids: DepthLevel[] }>;

/** `GET /0/public/Depth`: an order book snapshot. */
export const Depth = defineEndpoint<DepthParams, DepthResult>({
  name: 'Depth',
  access: 'public',
  permissions: [],
  rate: { kind: 'public' },
  encoding: 'query',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('Depth', params, ['pair', 'count', 'asset_class']);
    w.required('pair', toPair);
    w.optional('count', intInRange(1, 500));
    w.optional('asset_class', oneOf(['tokenized_asset']));
    return w.done();
  },
});
