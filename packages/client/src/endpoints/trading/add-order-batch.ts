import { ValidationError } from '../../errors/index.js';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import { oneOf, toBool, toPair } from '../validate/basic-fields.js';
import { toDeadline } from '../validate/order-fields.js';
import { WireBuilder } from '../validate/wire-builder.js';
import { writeOrderFields } from './order-rules.js';
import { ORDER_FIELD_NAMES, type OrderDescription, type OrderFields } from './order-types.js';

/** Kraken accepts 2 to 15 orders per batch, all on one pair (docs/kraken/rest-endpoints.md). */
export const BATCH_ORDERS_MIN = 2;
export const BATCH_ORDERS_MAX = 15;

/** AddOrderBatch params: 2–15 orders on a single pair. Sent as JSON (nested data). */
export interface AddOrderBatchParams {
  pair: string;
  orders: readonly OrderFields[];
  deadline?: string | Date;
  /** Validate the whole batch only; nothing is placed. */
  validate?: boolean;
  asset_class?: 'tokenized_asset';
}

/** One entry per order, in request order: placed (`txid`, `descr`) or refused (`error`). */
export interface AddOrderBatchResult {
  orders: Array<{ txid?: string; descr?: OrderDescription; error?: string }>;
}

/**
 * `POST /0/private/AddOrderBatch`. Kraken validates the whole batch first (one bad order rejects all), then
 * places each order separately, so some may fail while others are placed.
 */
export const AddOrderBatch = defineEndpoint<AddOrderBatchParams, AddOrderBatchResult>({
  name: 'AddOrderBatch',
  access: 'private',
  permissions: [PERMISSIONS.trades_modify],
  rate: { kind: 'trading', action: 'batch-add' },
  encoding: 'json',
  idempotent: false,
  toWire(params) {
    const w = new WireBuilder('AddOrderBatch', params, [
      'pair',
      'orders',
      'deadline',
      'validate',
      'asset_class',
    ]);
    w.required('pair', toPair);
    w.required('orders', batchOrders);
    w.optional('deadline', toDeadline);
    w.optional('validate', toBool);
    w.optional('asset_class', oneOf(['tokenized_asset']));
    return w.done();
  },
});

function batchOrders(field: string, value: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) throw new ValidationError(field, value, 'an array of orders');
  if (value.length < BATCH_ORDERS_MIN || value.length > BATCH_ORDERS_MAX) {
    throw new ValidationError(
      field,
      `${value.length} orders`,
      `${BATCH_ORDERS_MIN} to ${BATCH_ORDERS_MAX} orders`,
    );
  }
  const clientIds = new Set<unknown>();
  return value.map((order: unknown, index) => {
    const w = new WireBuilder(`${field}[${index}]`, order, ORDER_FIELD_NAMES);
    writeOrderFields(w);
    const wire = w.done();
    if (wire['cl_ord_id'] !== undefined) {
      if (clientIds.has(wire['cl_ord_id'])) {
        throw new ValidationError(
          w.field('cl_ord_id'),
          wire['cl_ord_id'],
          'a cl_ord_id unique within the batch',
        );
      }
      clientIds.add(wire['cl_ord_id']);
    }
    return wire;
  });
}
