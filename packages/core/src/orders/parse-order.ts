import { ValidationError } from '../errors/validation-error.js';
import { oneOf, toBool, toName, toPair } from '../params/basic-fields.js';
import { toDeadline } from '../params/order-fields.js';
import { WireBuilder } from '../params/wire-builder.js';
import { readCommonOrder } from './common-order.js';
import { readOrderFields } from './order-rules.js';
import { ADD_ORDER_FIELD_NAMES, ORDER_FIELD_NAMES } from './order-types.js';
import {
  sealOrder,
  sealOrderBatch,
  type ValidatedOrder,
  type ValidatedOrderBatch,
  type ValidatedOrderFields,
} from './validated-order.js';

/** Kraken accepts 2 to 15 orders per batch, all on one pair (docs/kraken/rest-endpoints.md). */
export const BATCH_ORDERS_MIN = 2;
/** The most orders one AddOrderBatch may carry. */
export const BATCH_ORDERS_MAX = 15;

const readAssetClass = oneOf(['tokenized_asset'] as const);
const readBroker = toName(64);

/**
 * Validates AddOrder params once and answers the {@link ValidatedOrder} every later step reads as it is: the
 * guard's facts, the client's encoder. Input may be anything (JSON, YAML, a hostile object): a wrong, unknown or
 * unreadable field throws a {@link ValidationError} naming it (`AddOrder.volume`) and the value; nothing of the
 * caller's object is read twice, so a getter or Proxy cannot answer differently to the check and to the sender.
 */
export function parseOrder(params: unknown): ValidatedOrder {
  const w = new WireBuilder('AddOrder', params, ADD_ORDER_FIELD_NAMES);
  return sealOrder(readCommonOrder(w.params) ?? readAnyOrder(w));
}

/**
 * {@link parseOrder} through the general path alone, whatever the order's shape (the common shape's reference, for
 * its property test).
 */
export function parseOrderInFull(params: unknown): ValidatedOrder {
  return sealOrder(readAnyOrder(new WireBuilder('AddOrder', params, ADD_ORDER_FIELD_NAMES)));
}

/** The general path: every field an order may have, field by field. */
function readAnyOrder(w: WireBuilder): ValidatedOrderFields {
  w.required('pair', toPair);
  readOrderFields(w);
  w.optional('deadline', toDeadline);
  w.optional('validate', toBool);
  w.optional('asset_class', readAssetClass);
  w.optional('broker', readBroker);
  return w.done() as unknown as ValidatedOrderFields;
}

/**
 * Validates AddOrderBatch params once: the pair, 2–15 orders (each checked as {@link parseOrder} checks one, and
 * given the batch's pair), client order ids unique within the batch, and the batch's own options.
 */
export function parseOrderBatch(params: unknown): ValidatedOrderBatch {
  const w = new WireBuilder('AddOrderBatch', params, [
    'pair',
    'orders',
    'deadline',
    'validate',
    'asset_class',
  ]);
  const pair = w.required('pair', toPair);
  const orders = w.required('orders', (field, value) => batchOrders(field, value, pair));
  const deadline = w.optional('deadline', toDeadline);
  const validate = w.optional('validate', toBool);
  const assetClass = w.optional('asset_class', readAssetClass);
  return sealOrderBatch({
    pair,
    orders: Object.freeze(orders),
    ...(deadline === undefined ? {} : { deadline }),
    ...(validate === undefined ? {} : { validate }),
    ...(assetClass === undefined ? {} : { asset_class: assetClass }),
  });
}

function batchOrders(field: string, value: unknown, pair: string): ValidatedOrder[] {
  if (!Array.isArray(value)) throw new ValidationError(field, value, 'an array of orders');
  if (value.length < BATCH_ORDERS_MIN || value.length > BATCH_ORDERS_MAX) {
    throw new ValidationError(
      field,
      `${value.length} orders`,
      `${BATCH_ORDERS_MIN} to ${BATCH_ORDERS_MAX} orders`,
    );
  }
  const clientIds = new Set<string>();
  return value.map((entry: unknown, index) => {
    const w = new WireBuilder(`${field}[${index}]`, entry, ORDER_FIELD_NAMES);
    readOrderFields(w);
    w.set('pair', pair);
    const order = w.done() as unknown as ValidatedOrderFields;
    if (order.cl_ord_id !== undefined) {
      if (clientIds.has(order.cl_ord_id)) {
        throw new ValidationError(
          w.field('cl_ord_id'),
          order.cl_ord_id,
          'a cl_ord_id unique within the batch',
        );
      }
      clientIds.add(order.cl_ord_id);
    }
    return sealOrder(order);
  });
}
