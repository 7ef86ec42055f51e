import { toClOrdId, toId, toUserref, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** Cancel one order by `txid`, all orders tagged with a `userref` (integer `txid`), or by `cl_ord_id`. */
export type CancelOrderParams =
  | { txid: string | number; cl_ord_id?: never }
  | { cl_ord_id: string; txid?: never };

/** CancelOrder `result`: how many orders were cancelled. */
export interface CancelOrderResult {
  count: number;
  /** true: the cancellation is pending. */
  pending?: boolean;
}

/** `POST /0/private/CancelOrder`. Either of two permissions allows it (docs/kraken/api-keys.md). */
export const CancelOrder = defineEndpoint<CancelOrderParams, CancelOrderResult>({
  name: 'CancelOrder',
  access: 'private',
  permissions: [PERMISSIONS.trades_modify, PERMISSIONS.trades_close],
  rate: { kind: 'trading', action: 'cancel' },
  encoding: 'form',
  idempotent: false,
  toWire(params) {
    const w = new WireBuilder('CancelOrder', params, ['txid', 'cl_ord_id']);
    w.exactlyOne('txid', 'cl_ord_id');
    w.optional('txid', (f, v) => (typeof v === 'number' ? toUserref(f, v) : toId(f, v)));
    w.optional('cl_ord_id', toClOrdId);
    return w.done();
  },
});
