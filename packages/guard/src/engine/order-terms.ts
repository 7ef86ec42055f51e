import type { ValidatedOrder } from '@krakenkit/core';
import { KRAKEN_CODES } from '../codes.js';
import { type Dec, toDecimal, toOptionalDecimal } from '../decimal.js';
import type { OrderIntent, OrderType, Side } from '../intent.js';
import type { ViolationSink } from './context.js';
import { type LeverageRequest, leverageOf, readLeverage } from './leverage.js';

/**
 * One new order's terms as the rules read them, however the order came: read field by field from an
 * {@link OrderIntent} (untyped callers; each bad field becomes a violation), or taken from core's ValidatedOrder as
 * it is (checked once by parseOrder; nothing is parsed again).
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
    clOrdId: order.cl_ord_id,
  };
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
