import { arrayOf, toClOrdId, toId, toUserref, WireBuilder } from '@krakenkit/core/params';
import { ValidationError } from '../../errors/index.js';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** Kraken cancels at most 50 unique ids/references per batch (docs/kraken/rest-endpoints.md). */
export const CANCEL_BATCH_MAX = 50;

/** CancelOrderBatch params: txids or userrefs in `orders`, and/or `cl_ord_ids`; 1–50 in total. */
export interface CancelOrderBatchParams {
  orders?: ReadonlyArray<string | number>;
  cl_ord_ids?: readonly string[];
}

/** CancelOrderBatch `result`: how many orders were cancelled. */
export interface CancelOrderBatchResult {
  count: number;
}

/** `POST /0/private/CancelOrderBatch` (JSON body). Accepted even over the rate threshold (docs/kraken/rate-limits.md). */
export const CancelOrderBatch = defineEndpoint<CancelOrderBatchParams, CancelOrderBatchResult>({
  name: 'CancelOrderBatch',
  access: 'private',
  permissions: [PERMISSIONS.trades_close],
  rate: { kind: 'trading', action: 'batch-cancel' },
  encoding: 'json',
  idempotent: false,
  toWire(params) {
    const w = new WireBuilder('CancelOrderBatch', params, ['orders', 'cl_ord_ids']);
    const limit = { min: 0, max: CANCEL_BATCH_MAX };
    const orders = w.optional('orders', arrayOf(txidOrUserref, limit)) ?? [];
    const clOrdIds = w.optional('cl_ord_ids', arrayOf(toClOrdId, limit)) ?? [];
    const total = orders.length + clOrdIds.length;
    if (total === 0 || total > CANCEL_BATCH_MAX) {
      throw new ValidationError(w.field('orders'), `${total} ids`, `1 to ${CANCEL_BATCH_MAX} ids in total`);
    }
    return w.done();
  },
});

function txidOrUserref(field: string, value: unknown): string | number {
  return typeof value === 'number' ? toUserref(field, value) : toId(field, value);
}
