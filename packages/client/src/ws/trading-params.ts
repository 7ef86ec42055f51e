import { randomUUID } from 'node:crypto';
import {
  arrayOf,
  type Converter,
  type DecimalInput,
  intInRange,
  oneOf,
  toBool,
  toClOrdId,
  toDeadline,
  toId,
  toPair,
  toUserref,
  toWireDecimal,
  WireBuilder,
  type WireDecimalOptions,
} from '@krakenkit/core';
import { ValidationError } from '../errors/index.js';
import { WireDecimal } from './encode.js';

/**
 * Parameters of the WebSocket v2 trading methods (docs/kraken/websocket-v2.md "Trading methods"), validated before
 * anything is sent. Names are Kraken's v2 wire names. Money is DecimalInput (text or Decimal); a JS number is
 * refused with a ValidationError naming the field.
 */

export const WS_ORDER_TYPES = [
  'limit',
  'market',
  'iceberg',
  'stop-loss',
  'stop-loss-limit',
  'take-profit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
  'settle-position',
] as const;
/** An order type of WebSocket v2 trading. */
export type WsOrderType = (typeof WS_ORDER_TYPES)[number];
/** How a trigger price is given: a price, a percentage offset or a quote-currency offset. */
export const WS_PRICE_TYPES = ['static', 'pct', 'quote'] as const;
/** One of {@link WS_PRICE_TYPES}. */
export type WsPriceType = (typeof WS_PRICE_TYPES)[number];
const SIDES = ['buy', 'sell'] as const;
const TIME_IN_FORCE = ['gtc', 'gtd', 'ioc'] as const;
const STP_TYPES = ['cancel_newest', 'cancel_oldest', 'cancel_both'] as const;
const FEE_PREFERENCES = ['base', 'quote'] as const;
const TRIGGER_REFERENCES = ['index', 'last'] as const;
const CONDITIONAL_TYPES = WS_ORDER_TYPES.filter((type) => type !== 'market' && type !== 'settle-position');

/** The trigger of a stop-loss, take-profit or trailing-stop order. */
export interface WsTriggers {
  reference?: 'index' | 'last';
  /** Static price, or an offset (may be negative) with `price_type` pct/quote. */
  price: DecimalInput;
  price_type?: WsPriceType;
}

/** Template of the close order each fill of the primary order creates (OTO). */
export interface WsConditional {
  order_type: WsOrderType;
  limit_price?: DecimalInput;
  limit_price_type?: WsPriceType;
  trigger_price?: DecimalInput;
  trigger_price_type?: WsPriceType;
}

/** One order's fields (add_order, and each entry of batch_add). */
export interface WsOrderFields {
  order_type: WsOrderType;
  side: 'buy' | 'sell';
  /** Base-asset quantity; exactly one of order_qty and cash_order_qty. */
  order_qty?: DecimalInput;
  /** Quote-currency quantity (buy market orders). */
  cash_order_qty?: DecimalInput;
  limit_price?: DecimalInput;
  limit_price_type?: WsPriceType;
  triggers?: WsTriggers;
  time_in_force?: 'gtc' | 'gtd' | 'ioc';
  /** Funds the order on margin at the pair's maximum leverage (v2 has no numeric leverage; docs/kraken/rest-endpoints.md). */
  margin?: boolean;
  post_only?: boolean;
  reduce_only?: boolean;
  effective_time?: string | Date;
  expire_time?: string | Date;
  /** Mutually exclusive with order_userref. When neither is given, a UUID is generated so outcomes can be traced. */
  cl_ord_id?: string;
  order_userref?: number;
  display_qty?: DecimalInput;
  fee_preference?: 'base' | 'quote';
  stp_type?: 'cancel_newest' | 'cancel_oldest' | 'cancel_both';
  sender_sub_id?: string;
  conditional?: WsConditional;
}

export interface WsAddOrderParams extends WsOrderFields {
  symbol: string;
  deadline?: string | Date;
  validate?: boolean;
}

/** Parameters of `batchAdd`: 2 to 15 orders on one symbol. */
export interface WsBatchAddParams {
  symbol: string;
  /** 2 to 15 orders, all for `symbol`. */
  orders: readonly WsOrderFields[];
  deadline?: string | Date;
  validate?: boolean;
}

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

/** Exactly one of the id lists (Kraken: they cannot be combined in one request). */
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

const ORDER_FIELDS = [
  'order_type',
  'side',
  'order_qty',
  'cash_order_qty',
  'limit_price',
  'limit_price_type',
  'triggers',
  'time_in_force',
  'margin',
  'post_only',
  'reduce_only',
  'effective_time',
  'expire_time',
  'cl_ord_id',
  'order_userref',
  'display_qty',
  'fee_preference',
  'stp_type',
  'sender_sub_id',
  'conditional',
] as const;

const NEEDS_LIMIT_PRICE = new Set([
  'limit',
  'iceberg',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop-limit',
]);
const NEEDS_TRIGGER = new Set([
  'stop-loss',
  'stop-loss-limit',
  'take-profit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
]);

function decimal(options: WireDecimalOptions = {}): Converter<WireDecimal> {
  return (field, value) => new WireDecimal(toWireDecimal(field, value, options));
}

/** A price whose `*_type` is pct or quote is an offset and may be negative. */
function priceFor(type: WsPriceType | undefined): Converter<WireDecimal> {
  return decimal({
    allowNegative: type === 'pct' || type === 'quote',
    allowZero: type !== undefined && type !== 'static',
  });
}

const toTriggers: Converter<Record<string, unknown>> = (field, value) => {
  const w = new WireBuilder(field, value, ['reference', 'price', 'price_type']);
  w.optional('reference', oneOf(TRIGGER_REFERENCES));
  const type = w.optional('price_type', oneOf(WS_PRICE_TYPES));
  w.required('price', priceFor(type));
  return w.done();
};

const toConditional: Converter<Record<string, unknown>> = (field, value) => {
  const w = new WireBuilder(field, value, [
    'order_type',
    'limit_price',
    'limit_price_type',
    'trigger_price',
    'trigger_price_type',
  ]);
  w.required('order_type', oneOf(CONDITIONAL_TYPES));
  w.optional('limit_price', priceFor(w.optional('limit_price_type', oneOf(WS_PRICE_TYPES))));
  w.optional('trigger_price', priceFor(w.optional('trigger_price_type', oneOf(WS_PRICE_TYPES))));
  return w.done();
};

const toTime: Converter<string> = (field, value) => toDeadline(field, value);

/** Validates one order's fields into `w`; generates a cl_ord_id when neither id field is given. */
function writeOrder(w: WireBuilder, newId: () => string): void {
  const type = w.required('order_type', oneOf(WS_ORDER_TYPES));
  w.required('side', oneOf(SIDES));
  w.exactlyOne('order_qty', 'cash_order_qty');
  w.optional('order_qty', decimal());
  w.optional('cash_order_qty', decimal());
  w.optional('limit_price', priceFor(w.optional('limit_price_type', oneOf(WS_PRICE_TYPES))));
  w.optional('triggers', toTriggers);
  if (NEEDS_LIMIT_PRICE.has(type) && !w.has('limit_price')) {
    throw new ValidationError(
      w.field('limit_price'),
      undefined,
      `a limit price (required for ${type} orders)`,
    );
  }
  if (NEEDS_TRIGGER.has(type) && !w.has('triggers')) {
    throw new ValidationError(w.field('triggers'), undefined, `a trigger (required for ${type} orders)`);
  }
  w.optional('time_in_force', oneOf(TIME_IN_FORCE));
  for (const flag of ['margin', 'post_only', 'reduce_only'] as const) w.optional(flag, toBool);
  w.optional('effective_time', toTime);
  w.optional('expire_time', toTime);
  w.atMostOne('cl_ord_id', 'order_userref');
  w.optional('cl_ord_id', toClOrdId);
  w.optional('order_userref', toUserref);
  if (!w.has('cl_ord_id') && !w.has('order_userref')) w.set('cl_ord_id', newId());
  w.optional('display_qty', decimal());
  w.optional('fee_preference', oneOf(FEE_PREFERENCES));
  w.optional('stp_type', oneOf(STP_TYPES));
  w.optional('sender_sub_id', toId);
  w.optional('conditional', toConditional);
}

/** `add_order` params for the wire (token added at send time). */
export function addOrderWire(
  params: WsAddOrderParams,
  newId: () => string = randomUUID,
): Record<string, unknown> {
  const w = new WireBuilder('ws:add_order', params, [...ORDER_FIELDS, 'symbol', 'deadline', 'validate']);
  w.required('symbol', toPair);
  writeOrder(w, newId);
  w.optional('deadline', toDeadline);
  w.optional('validate', toBool);
  return w.done();
}

/** `batch_add` params: 2–15 orders for one symbol (docs/kraken/rest-endpoints.md). */
export function batchAddWire(
  params: WsBatchAddParams,
  newId: () => string = randomUUID,
): Record<string, unknown> {
  const w = new WireBuilder('ws:batch_add', params, ['symbol', 'orders', 'deadline', 'validate']);
  w.required('symbol', toPair);
  w.required(
    'orders',
    arrayOf(
      (field, value) => {
        const order = new WireBuilder(field, value, ORDER_FIELDS);
        writeOrder(order, newId);
        return order.done();
      },
      { min: 2, max: 15 },
    ),
  );
  w.optional('deadline', toDeadline);
  w.optional('validate', toBool);
  return w.done();
}

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
  w.optional('order_qty', decimal());
  w.optional('display_qty', decimal());
  w.optional('limit_price', priceFor(w.optional('limit_price_type', oneOf(WS_PRICE_TYPES))));
  w.optional('trigger_price', priceFor(w.optional('trigger_price_type', oneOf(WS_PRICE_TYPES))));
  w.optional('post_only', toBool);
  w.optional('deadline', toDeadline);
  w.optional('symbol', toPair);
  return w.done();
}

export function cancelOrderWire(params: WsCancelOrderParams): Record<string, unknown> {
  const w = new WireBuilder('ws:cancel_order', params, ['order_id', 'cl_ord_id', 'order_userref']);
  w.exactlyOne('order_id', 'cl_ord_id', 'order_userref');
  w.optional('order_id', arrayOf(toId, { max: 50 }));
  w.optional('cl_ord_id', arrayOf(toClOrdId, { max: 50 }));
  w.optional('order_userref', arrayOf(toUserref, { max: 50 }));
  return w.done();
}

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

export function cancelAfterWire(params: WsCancelAfterParams): Record<string, unknown> {
  const w = new WireBuilder('ws:cancel_all_orders_after', params, ['timeout']);
  w.required('timeout', intInRange(0, 86_399));
  return w.done();
}

/** How many responses Kraken sends for a cancel_order (one per order; per userref at least one: UNCONFIRMED). */
export function cancelResponseCount(wire: Record<string, unknown>): number {
  for (const key of ['order_id', 'cl_ord_id', 'order_userref']) {
    const ids = wire[key];
    if (Array.isArray(ids)) return ids.length;
  }
  return 1;
}
