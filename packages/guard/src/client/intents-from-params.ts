import type { AddOrderParams, AmendOrderParams, EditOrderParams, OrderFields } from '@krakenkit/client';
import type { Adjustments } from '../decision.js';
import type { AmendIntent, OrderIntent } from '../intent.js';

/** Kraken's `oflags` as an array or comma text. */
export function orderFlags(oflags: OrderFields['oflags']): readonly string[] {
  if (oflags === undefined) return [];
  return typeof oflags === 'string' ? oflags.split(',').map((flag) => flag.trim()) : oflags;
}

/** An AddOrder (or batch entry) as the guard's intent. */
export function orderIntentOf(pair: string, params: OrderFields): OrderIntent {
  return {
    pair,
    side: params.type,
    orderType: params.ordertype,
    volume: params.volume,
    ...(params.price === undefined ? {} : { price: params.price }),
    ...(params.price2 === undefined ? {} : { price2: params.price2 }),
    ...(params.leverage === undefined ? {} : { leverage: params.leverage }),
    ...(params.reduce_only === undefined ? {} : { reduceOnly: params.reduce_only }),
    postOnly: orderFlags(params.oflags).includes('post'),
    ...(params.cl_ord_id === undefined ? {} : { clOrdId: params.cl_ord_id }),
  };
}

/** AmendOrder: new quantity and limit (or trigger) price of an order named by txid or client order id. */
export function amendIntentOf(params: AmendOrderParams): AmendIntent {
  const price = params.limit_price ?? params.trigger_price;
  return {
    kind: 'amend',
    orderId: params.txid ?? params.cl_ord_id ?? '',
    ...(params.order_qty === undefined ? {} : { volume: params.order_qty }),
    ...(price === undefined ? {} : { price }),
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

/** The params with the guard's rounding applied, when config asked for rounding. */
export function withAdjustments<P extends AddOrderParams | OrderFields>(
  params: P,
  adjusted: Adjustments | undefined,
): P {
  if (adjusted === undefined) return params;
  return { ...params, ...adjusted };
}
