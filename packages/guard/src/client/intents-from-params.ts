import type { AddOrderBatchParams, AmendOrderParams, EditOrderParams, OrderFields } from '@krakenkit/client';
import { parseOrder, type ValidatedOrder, type ValidatedOrderBatch } from '@krakenkit/core';
import type { Adjustments, Decision } from '../decision.js';
import type { AmendIntent } from '../intent.js';

/** Kraken's `oflags` as an array or comma text. */
export function orderFlags(oflags: OrderFields['oflags']): readonly string[] {
  if (oflags === undefined) return [];
  return typeof oflags === 'string' ? oflags.split(',').map((flag) => flag.trim()) : oflags;
}

/** AmendOrder: new quantity and limit (or trigger) price of an order named by txid or client order id. */
export function amendIntentOf(params: AmendOrderParams): AmendIntent {
  return {
    kind: 'amend',
    orderId: params.txid ?? params.cl_ord_id ?? '',
    ...(params.order_qty === undefined ? {} : { volume: params.order_qty }),
    // Kept apart: which one an order is charged at depends on its type (a stop-loss-limit's limit, not its trigger).
    ...(params.limit_price === undefined ? {} : { limitPrice: params.limit_price }),
    ...(params.trigger_price === undefined ? {} : { triggerPrice: params.trigger_price }),
    ...(params.post_only === undefined ? {} : { postOnly: params.post_only }),
  };
}

/** EditOrder: cancel-and-replace, so the guard treats it as an amend that ends with a new txid. */
export function editIntentOf(params: EditOrderParams): AmendIntent {
  return {
    kind: 'amend',
    orderId: String(params.txid),
    replace: true,
    ...(params.volume === undefined ? {} : { volume: params.volume }),
    ...(params.price === undefined ? {} : { price: params.price }),
    ...(params.price2 === undefined ? {} : { price2: params.price2 }),
    postOnly: orderFlags(params.oflags).includes('post'),
  };
}

/**
 * The order to send: the validated order itself, or (when config asked the guard to round) the order with the
 * rounded values, validated again: rounding may change what the checks see (a volume rounded down to 0).
 */
export function adjustedOrder(order: ValidatedOrder, adjusted: Adjustments | undefined): ValidatedOrder {
  return adjusted === undefined ? order : parseOrder({ ...order, ...adjusted });
}

/** The batch to send: the validated batch itself, or raw params with the rounded orders (the client validates them). */
export function adjustedBatch(
  batch: ValidatedOrderBatch,
  decisions: readonly Decision[],
): ValidatedOrderBatch | AddOrderBatchParams {
  if (decisions.every((decision) => decision.adjusted === undefined)) return batch;
  const orders = batch.orders.map(({ pair: _pair, ...fields }, index) => ({
    ...fields,
    ...decisions[index]?.adjusted,
  }));
  return { ...batch, orders };
}
