import { oneOf, toPair, WireBuilder } from '@krakenkit/core/params';
import { defineEndpoint } from '../define.js';
import { toSinceCursor } from './trades.js';

/** Parameters of {@link Spread}. */
export interface SpreadParams {
  pair: string;
  /** Unix time (the `last` of a previous answer). */
  since?: string | number;
  asset_class?: 'tokenized_asset';
}

/** [time, bid, ask]. */
export type SpreadEntry = [time: number, bid: string, ask: string];

/** Spreads keyed by pair id, plus `last`. */
export type SpreadResult = Record<string, SpreadEntry[] | number> & { last: number };

/** `GET /0/public/Spread`: recent best bid/ask. */
export const Spread = defineEndpoint<SpreadParams, SpreadResult>({
  name: 'Spread',
  access: 'public',
  permissions: [],
  rate: { kind: 'public' },
  encoding: 'query',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('Spread', params, ['pair', 'since', 'asset_class']);
    w.required('pair', toPair);
    w.optional('since', toSinceCursor);
    w.optional('asset_class', oneOf(['tokenized_asset']));
    return w.done();
  },
});
