import type { ValidatedOrder, ValidatedWsOrder } from '@krakenkit/core';
import { GUARD_CODES, KRAKEN_CODES } from '../codes.js';
import { type Dec, toDecimal, toOptionalDecimal } from '../decimal.js';
import type { OrderIntent, OrderType, Side } from '../intent.js';
import type { ViolationSink } from './context.js';
import { type LeverageRequest, leverageOf, readLeverage, wsLeverageOf } from './leverage.js';

/**
 * One new order's terms as the rules read them, however the order came: read field by field from an
 * {@link OrderIntent} (untyped callers; each bad field becomes a violation), or taken from core's ValidatedOrder or
 * ValidatedWsOrder as it is (checked once by parseOrder / parseWsOrder; nothing is parsed again).
 */
export interface OrderTerms {
  side: Side;
  orderType: OrderType;
  volume: Dec;
  /** Absolute limit / trigger price; undefined when not given (or an offset a trailing order takes). */
  price: Dec | undefined;
  price2: Dec | undefined;
  /** The caller's current price for market and trigger orders (intents only). */
  referencePrice: Dec | undefined;
  leverage: LeverageRequest;
  reduceOnly: boolean;
  postOnly: boolean;
  /** The order carries a conditional close (REST close[ordertype], WS conditional) the exchange places on its fills. */
  conditionalClose: boolean;
  clOrdId: string | undefined;
}

const TRAILING: ReadonlySet<OrderType> = new Set(['trailing-stop', 'trailing-stop-limit']);

/** The terms of a validated order, read as they are. An offset price (`+5`, `2%`) cannot be judged: a violation. */
export function termsOfOrder(order: ValidatedOrder, out: ViolationSink): OrderTerms | undefined {
  // Trailing stops take offsets, not prices: the guard charges them at the reference price.
  const trailing = TRAILING.has(order.ordertype);
  const price = trailing ? undefined : absolute('price', order.price, out);
  const price2 = trailing ? undefined : absolute('price2', order.price2, out);
  if (price === null || price2 === null) return undefined;
  return {
    side: order.type,
    orderType: order.ordertype,
    volume: order.volume,
    price,
    price2,
    referencePrice: undefined,
    leverage: leverageOf(order.leverage),
    reduceOnly: order.reduce_only === true,
    postOnly: order.oflags?.includes('post') === true,
    conditionalClose: order.close !== undefined,
    clOrdId: order.cl_ord_id,
  };
}

/**
 * The terms of a validated WebSocket order, read as they are: `order_qty` and the static trigger / limit prices
 * (trigger first, as REST's price and price2), `margin: true` as the pair's maximum leverage. What the guard cannot
 * size before the fact is a violation: a quantity in quote currency (`cash_order_qty`), a relative price (pct, quote).
 */
export function termsOfWsOrder(order: ValidatedWsOrder, out: ViolationSink): OrderTerms | undefined {
  if (order.order_qty === undefined) {
    out.push({
      rule: 'intent',
      code: GUARD_CODES.invalidIntent,
      message: 'cash_order_qty (quote-currency quantity) cannot be sized by the guard: give order_qty',
      field: 'order_qty',
    });
    return undefined;
  }
  const trigger = order.triggers;
  if (isOffset(order.limit_price_type) || isOffset(trigger?.price_type)) {
    out.push({
      rule: 'intent',
      code: GUARD_CODES.invalidIntent,
      message: 'relative prices (pct, quote) cannot be checked before the fact: give a static price',
      field: 'price',
    });
    return undefined;
  }
  // Trailing stops take offsets, not prices: the guard charges them at the reference price.
  const trailing = TRAILING.has(order.order_type);
  return {
    side: order.side,
    orderType: order.order_type,
    volume: order.order_qty,
    price: trailing ? undefined : (trigger?.price ?? order.limit_price),
    price2: trailing || trigger === undefined ? undefined : order.limit_price,
    referencePrice: undefined,
    leverage: wsLeverageOf(order.margin),
    reduceOnly: order.reduce_only === true,
    postOnly: order.post_only === true,
    conditionalClose: order.conditional !== undefined,
    clOrdId: order.cl_ord_id,
  };
}

function isOffset(priceType: string | undefined): boolean {
  return priceType !== undefined && priceType !== 'static';
}

/** The terms of an intent, each field read through core's money gate and leverage grammar. */
export function termsOfIntent(intent: OrderIntent, out: ViolationSink): OrderTerms | undefined {
  let failed = false;
  const read = (field: string, value: unknown, required: boolean): Dec | undefined => {
    try {
      return required ? toDecimal(field, value) : toOptionalDecimal(field, value);
    } catch (error) {
      failed = true;
      out.push({ rule: 'intent', code: codeFor(field), message: (error as Error).message, field });
      return undefined;
    }
  };
  const volume = read('volume', intent.volume, true);
  const trailing = TRAILING.has(intent.orderType);
  const price = trailing ? undefined : read('price', intent.price, false);
  const price2 = trailing ? undefined : read('price2', intent.price2, false);
  const referencePrice = read('referencePrice', intent.referencePrice, false);
  if (failed || volume === undefined) return undefined;
  return {
    side: intent.side,
    orderType: intent.orderType,
    volume,
    price,
    price2,
    referencePrice,
    leverage: readLeverage(intent.leverage, intent.margin),
    reduceOnly: intent.reduceOnly === true,
    postOnly: intent.postOnly === true,
    conditionalClose: false,
    clOrdId: intent.clOrdId,
  };
}

// undefined: not given; null: an offset from the last price (a violation was pushed).
function absolute(field: 'price' | 'price2', value: Dec | string | undefined, out: ViolationSink) {
  if (typeof value !== 'string') return value;
  out.push({
    rule: 'intent',
    code: KRAKEN_CODES.invalidPrice,
    message: `${field} ${JSON.stringify(value)} is an offset from the last price: the guard needs an absolute ${field} to check the order before the fact`,
    field,
  });
  return null;
}

function codeFor(field: string): string {
  return field === 'volume' ? KRAKEN_CODES.invalidVolume : KRAKEN_CODES.invalidPrice;
}
