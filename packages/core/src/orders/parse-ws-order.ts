import { randomUUID } from 'node:crypto';
import { ValidationError } from '../errors/validation-error.js';
import type { Decimal } from '../money/decimal.js';
import { toDecimal, type WireDecimalOptions } from '../money/decimal-text.js';
import { arrayOf, oneOf, toBool, toId, toPair } from '../params/basic-fields.js';
import { toClOrdId, toDeadline, toUserref } from '../params/order-fields.js';
import { type Converter, WireBuilder } from '../params/wire-builder.js';
import { CLOSE_ORDER_TYPES, ORDER_SIDES, PRICE_TRIGGERS } from './order-types.js';
import { BATCH_ORDERS_MAX, BATCH_ORDERS_MIN } from './parse-order.js';
import {
  sealWsOrder,
  sealWsOrderBatch,
  type ValidatedWsOrder,
  type ValidatedWsOrderBatch,
  type ValidatedWsOrderFields,
} from './validated-ws-order.js';
import {
  WS_FEE_PREFERENCES,
  WS_ORDER_FIELD_NAMES,
  WS_ORDER_TYPES,
  WS_PRICE_TYPES,
  WS_STP_TYPES,
  WS_TIME_IN_FORCE,
  type WsPriceType,
} from './ws-order-types.js';

/** Options of {@link parseWsOrder} and {@link parseWsOrderBatch}. */
export interface ParseWsOrderOptions {
  /** Makes the `cl_ord_id` of an order that has neither it nor `order_userref` (default: a random UUID). */
  newId?: () => string;
}

const ADD_ORDER_FIELD_NAMES = [...WS_ORDER_FIELD_NAMES, 'symbol', 'deadline', 'validate'] as const;

const NEEDS_LIMIT_PRICE: ReadonlySet<string> = new Set([
  'limit',
  'iceberg',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop-limit',
]);
const NEEDS_TRIGGER: ReadonlySet<string> = new Set([
  'stop-loss',
  'stop-loss-limit',
  'take-profit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
]);

const readOrderType = oneOf(WS_ORDER_TYPES);
const readSide = oneOf(ORDER_SIDES);
const readPriceType = oneOf(WS_PRICE_TYPES);
const readReference = oneOf(PRICE_TRIGGERS);
const readCloseType = oneOf(CLOSE_ORDER_TYPES);
const readTimeInForce = oneOf(WS_TIME_IN_FORCE);
const readFeePreference = oneOf(WS_FEE_PREFERENCES);
const readStp = oneOf(WS_STP_TYPES);

/** A quantity: core's one money gate, positive. */
const readQuantity: Converter<Decimal> = (field, value) => toDecimal(field, value);

const STATIC_PRICE: WireDecimalOptions = {};
const OFFSET_PRICE: WireDecimalOptions = { allowNegative: true, allowZero: true };

/** A price whose `*_type` is pct or quote is an offset: it may be zero or negative. */
function priceFor(type: WsPriceType | undefined): Converter<Decimal> {
  const options = type === 'pct' || type === 'quote' ? OFFSET_PRICE : STATIC_PRICE;
  return (field, value) => toDecimal(field, value, options);
}

const readTriggers: Converter<Readonly<Record<string, unknown>>> = (field, value) => {
  const w = new WireBuilder(field, value, ['reference', 'price', 'price_type']);
  w.optional('reference', readReference);
  const type = w.optional('price_type', readPriceType);
  w.required('price', priceFor(type));
  return Object.freeze(w.done());
};

const readConditional: Converter<Readonly<Record<string, unknown>>> = (field, value) => {
  const w = new WireBuilder(field, value, [
    'order_type',
    'limit_price',
    'limit_price_type',
    'trigger_price',
    'trigger_price_type',
  ]);
  w.required('order_type', readCloseType);
  w.optional('limit_price', priceFor(w.optional('limit_price_type', readPriceType)));
  w.optional('trigger_price', priceFor(w.optional('trigger_price_type', readPriceType)));
  return Object.freeze(w.done());
};

/**
 * Reads one WebSocket order's fields onto `w` in their final form, through the checks `parseOrder` uses (core's
 * money gate, client order ids, userrefs, RFC 3339 times, the REST order types and sides), and gives the order a
 * `cl_ord_id` from `newId` when it has neither id.
 */
function readWsOrderFields(w: WireBuilder, newId: () => string): void {
  const type = w.required('order_type', readOrderType);
  w.required('side', readSide);
  w.exactlyOne('order_qty', 'cash_order_qty');
  const quantity = w.optional('order_qty', readQuantity);
  const cash = w.optional('cash_order_qty', readQuantity);
  w.optional('limit_price', priceFor(w.optional('limit_price_type', readPriceType)));
  w.optional('triggers', readTriggers);
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
  const timeInForce = w.optional('time_in_force', readTimeInForce);
  w.optional('margin', toBool);
  w.optional('post_only', toBool);
  w.optional('reduce_only', toBool);
  w.optional('effective_time', toDeadline);
  const expireTime = w.optional('expire_time', toDeadline);
  w.atMostOne('cl_ord_id', 'order_userref');
  w.optional('cl_ord_id', toClOrdId);
  w.optional('order_userref', toUserref);
  if (!w.has('cl_ord_id') && !w.has('order_userref')) w.set('cl_ord_id', newId());
  const display = w.optional('display_qty', readQuantity);
  checkWsCombinations(w, { type, quantity, cash, timeInForce, expireTime, display });
  w.optional('fee_preference', readFeePreference);
  w.optional('stp_type', readStp);
  w.optional('sender_sub_id', toId);
  w.optional('conditional', readConditional);
}

/**
 * The rules between a WebSocket order's fields (docs/kraken/websocket-v2.md), as parseOrder holds a REST order to
 * them: refused here, with the field and value named, rather than by the exchange after the order left.
 */
function checkWsCombinations(
  w: WireBuilder,
  order: {
    type: string;
    quantity: Decimal | undefined;
    cash: Decimal | undefined;
    timeInForce: string | undefined;
    expireTime: string | undefined;
    display: Decimal | undefined;
  },
): void {
  const { type, quantity, cash, timeInForce, expireTime, display } = order;
  if (cash !== undefined && type !== 'market') {
    throw new ValidationError(
      w.field('cash_order_qty'),
      cash.toFixed(),
      `no cash_order_qty on a ${type} order (market orders only)`,
    );
  }
  if (timeInForce === 'gtd' && expireTime === undefined) {
    throw new ValidationError(w.field('expire_time'), undefined, 'an expiry time with time_in_force gtd');
  }
  if (timeInForce === 'ioc' && expireTime !== undefined) {
    throw new ValidationError(w.field('expire_time'), expireTime, 'no expiry with time_in_force ioc');
  }
  if (type === 'iceberg' && display === undefined) {
    throw new ValidationError(
      w.field('display_qty'),
      undefined,
      'a display quantity (required for iceberg orders)',
    );
  }
  if (display !== undefined && type !== 'iceberg') {
    throw new ValidationError(
      w.field('display_qty'),
      display.toFixed(),
      `no display_qty on a ${type} order (iceberg orders only)`,
    );
  }
  if (display !== undefined && quantity !== undefined && display.times(15).lt(quantity)) {
    throw new ValidationError(
      w.field('display_qty'),
      display.toFixed(),
      `at least 1/15 of order_qty ${quantity.toFixed()}`,
    );
  }
}

/**
 * Validates `add_order` params once and answers the {@link ValidatedWsOrder} every later step reads as it is: the
 * guard's facts, the WebSocket client's frame. Input may be anything: a wrong, unknown or unreadable field throws
 * a {@link ValidationError} naming it (`ws:add_order.order_qty`) and the value; the caller's object is read once.
 */
export function parseWsOrder(params: unknown, options: ParseWsOrderOptions = {}): ValidatedWsOrder {
  const w = new WireBuilder('ws:add_order', params, ADD_ORDER_FIELD_NAMES);
  w.required('symbol', toPair);
  readWsOrderFields(w, options.newId ?? randomUUID);
  w.optional('deadline', toDeadline);
  w.optional('validate', toBool);
  return sealWsOrder(w.done() as unknown as ValidatedWsOrderFields);
}

/**
 * Validates `batch_add` params once: the symbol, 2–15 orders (each checked as {@link parseWsOrder} checks one, and
 * given the batch's symbol), client order ids unique within the batch, and the batch's own options.
 */
export function parseWsOrderBatch(params: unknown, options: ParseWsOrderOptions = {}): ValidatedWsOrderBatch {
  const newId = options.newId ?? randomUUID;
  const w = new WireBuilder('ws:batch_add', params, ['symbol', 'orders', 'deadline', 'validate']);
  const symbol = w.required('symbol', toPair);
  const clientIds = new Set<string>();
  const readEntry: Converter<ValidatedWsOrder> = (field, value) => {
    const entry = new WireBuilder(field, value, WS_ORDER_FIELD_NAMES);
    readWsOrderFields(entry, newId);
    entry.set('symbol', symbol);
    const order = entry.done() as unknown as ValidatedWsOrderFields;
    if (order.cl_ord_id !== undefined) {
      if (clientIds.has(order.cl_ord_id)) {
        throw new ValidationError(
          entry.field('cl_ord_id'),
          order.cl_ord_id,
          'a cl_ord_id unique within the batch',
        );
      }
      clientIds.add(order.cl_ord_id);
    }
    return sealWsOrder(order);
  };
  const orders = w.required('orders', arrayOf(readEntry, { min: BATCH_ORDERS_MIN, max: BATCH_ORDERS_MAX }));
  const deadline = w.optional('deadline', toDeadline);
  const validate = w.optional('validate', toBool);
  return sealWsOrderBatch({
    symbol,
    orders: Object.freeze(orders),
    ...(deadline === undefined ? {} : { deadline }),
    ...(validate === undefined ? {} : { validate }),
  });
}
