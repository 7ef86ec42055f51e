import {
  type Decimal,
  type DecimalInput,
  toDecimal,
  type WireDecimalOptions,
  WS_PRICE_TYPES,
  type WsPriceType,
} from '@krakenkit/core';
import {
  arrayOf,
  type Converter,
  intInRange,
  oneOf,
  toBool,
  toClOrdId,
  toDeadline,
  toId,
  toPair,
  toUserref,
  WireBuilder,
} from '@krakenkit/core/params';
import { ValidationError } from '../errors/index.js';

/**
 * Parameters of the WebSocket v2 trading methods (docs/kraken/websocket-v2.md "Trading methods"), validated before
 * anything is sent. Names are Kraken's v2 wire names. Money is DecimalInput (text or Decimal); a JS number is
 * refused with a ValidationError naming the field. An order's fields (`add_order`, `batch_add`) are
 * @krakenkit/core's, validated by its `parseWsOrder`; the requests that change or cancel orders are checked here.
 */

// The order vocabulary and params of add_order / batch_add are @krakenkit/core's (parseWsOrder validates them).
export {
  WS_ORDER_TYPES,
  WS_PRICE_TYPES,
  type WsAddOrderParams,
  type WsBatchAddParams,
  type WsConditional,
  type WsOrderFields,
  type WsOrderType,
  type WsPriceType,
  type WsTriggers,
} from '@krakenkit/core';

/** Parameters of `amendOrder`: the order (by id or client order id) and what changes. */
export interface WsAmendOrderParams {
  order_id?: string;
  cl_ord_id?: string;
  order_qty?: DecimalInput;
  display_qty?: DecimalInput;
  limit_price?: DecimalInput;
  limit_price_type?: WsPriceType;
  trigger_price?: DecimalInput;
  trigger_price_type?: WsPriceType;
  post_only?: boolean;
  deadline?: string | Date;
  /** Only for non-crypto (xStocks) pairs. */
  symbol?: string;
}

/** At least one id, in any of the lists: Kraken takes them alone or together, and answers once per id. */
export interface WsCancelOrderParams {
  order_id?: readonly string[];
  cl_ord_id?: readonly string[];
  order_userref?: readonly number[];
}

/** Parameters of `batchCancel`. */
export interface WsBatchCancelParams {
  /** Order ids or userrefs (as text). */
  orders?: readonly string[];
  cl_ord_id?: readonly string[];
}

/** Parameters of `cancelAllOrdersAfter` (the dead man's switch). */
export interface WsCancelAfterParams {
  /** Seconds until every order is cancelled unless renewed; 0 disables. Below 86400. */
  timeout: number;
}

const STATIC_PRICE: WireDecimalOptions = {};
const OFFSET_PRICE: WireDecimalOptions = { allowNegative: true, allowZero: true };

/** A quantity: core's one money gate, positive, kept as a Decimal (the frame writes it as a bare number). */
const quantity: Converter<Decimal> = (field, value) => toDecimal(field, value);

/** A price whose `*_type` is pct or quote is an offset: it may be zero or negative. */
function priceFor(type: WsPriceType | undefined): Converter<Decimal> {
  const options = type === 'pct' || type === 'quote' ? OFFSET_PRICE : STATIC_PRICE;
  return (field, value) => toDecimal(field, value, options);
}

/** `amend_order` params for the wire (token added at send time): money as Decimals. */
export function amendOrderWire(params: WsAmendOrderParams): Record<string, unknown> {
  const w = new WireBuilder('ws:amend_order', params, [
    'order_id',
    'cl_ord_id',
    'order_qty',
    'display_qty',
    'limit_price',
    'limit_price_type',
    'trigger_price',
    'trigger_price_type',
    'post_only',
    'deadline',
    'symbol',
  ]);
  w.exactlyOne('order_id', 'cl_ord_id');
  w.optional('order_id', toId);
  w.optional('cl_ord_id', toClOrdId);
  w.optional('order_qty', quantity);
  w.optional('display_qty', quantity);
  w.optional('limit_price', priceFor(w.optional('limit_price_type', oneOf(WS_PRICE_TYPES))));
  w.optional('trigger_price', priceFor(w.optional('trigger_price_type', oneOf(WS_PRICE_TYPES))));
  w.optional('post_only', toBool);
  w.optional('deadline', toDeadline);
  w.optional('symbol', toPair);
  return w.done();
}

/** `cancel_order` params for the wire: one or more lists of ids, at least one id in all. */
export function cancelOrderWire(params: WsCancelOrderParams): Record<string, unknown> {
  const w = new WireBuilder('ws:cancel_order', params, ['order_id', 'cl_ord_id', 'order_userref']);
  const ids =
    (w.optional('order_id', arrayOf(toId, { max: 50 }))?.length ?? 0) +
    (w.optional('cl_ord_id', arrayOf(toClOrdId, { max: 50 }))?.length ?? 0) +
    (w.optional('order_userref', arrayOf(toUserref, { max: 50 }))?.length ?? 0);
  if (ids === 0) {
    throw new ValidationError(
      'ws:cancel_order.order_id|cl_ord_id|order_userref',
      undefined,
      'at least one id',
    );
  }
  return w.done();
}

/** `batch_cancel` params for the wire: 1 to 50 ids in total. */
export function batchCancelWire(params: WsBatchCancelParams): Record<string, unknown> {
  const w = new WireBuilder('ws:batch_cancel', params, ['orders', 'cl_ord_id']);
  const orders = w.optional('orders', arrayOf(toId, { max: 50 })) ?? [];
  const ids = w.optional('cl_ord_id', arrayOf(toClOrdId, { max: 50 })) ?? [];
  if (orders.length + ids.length === 0 || orders.length + ids.length > 50) {
    throw new ValidationError(
      'ws:batch_cancel.orders',
      orders.length + ids.length,
      'from 1 to 50 ids in total',
    );
  }
  return w.done();
}

/** `cancel_all_orders_after` params for the wire. */
export function cancelAfterWire(params: WsCancelAfterParams): Record<string, unknown> {
  const w = new WireBuilder('ws:cancel_all_orders_after', params, ['timeout']);
  w.required('timeout', intInRange(0, 86_399));
  return w.done();
}

/**
 * How many responses Kraken sends for a cancel_order: one per id of every list (per userref at least one:
 * UNCONFIRMED).
 */
export function cancelResponseCount(wire: Readonly<Record<string, unknown>>): number {
  let count = 0;
  for (const key of ['order_id', 'cl_ord_id', 'order_userref']) {
    const ids = wire[key];
    if (Array.isArray(ids)) count += ids.length;
  }
  return Math.max(1, count);
}
