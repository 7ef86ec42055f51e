import type { Decimal } from '../core/decimal.js';
import { HUNDRED, ZERO } from '../core/decimal.js';
import { invalidArgument } from '../core/rejection.js';
import type { PairMarket } from '../market/pair-market.js';
import type { Pair } from '../market/pairs.js';
import type { Order, OrderType, Side } from './order.js';
import type { PriceSpec } from './order-request.js';

/**
 * Trailing stops (docs/kraken/rest-endpoints.md, "AddOrder"): `price` is the trailing offset, always written with
 * `+` (the direction follows the side) in the quote currency or with `%`; `price2` of a trailing-stop-limit is the
 * limit's offset from the trigger price, `+` (above) or `-` (below). The order follows the best reference price
 * (last, or index with `trigger=index`) in its favour, the peak for a sell and the trough for a buy, and triggers
 * when the price comes back from it by the offset: a sell at peak − offset, a buy at trough + offset.
 */

/** A relative amount: quote currency, or a percentage (of the peak for the trail, of the trigger for the limit). */
export interface Offset {
  sign: 1 | -1;
  value: Decimal;
  percent: boolean;
}

/** A trailing order's terms as sent: the trailing offset and (trailing-stop-limit) the limit offset. */
export interface TrailTerms {
  offset: Offset;
  limitOffset: Offset | undefined;
}

/** What a resting trailing order follows: its terms and the best reference price seen since it was placed. */
export interface TrailState {
  terms: TrailTerms;
  /** The highest reference price since placement (sell), or the lowest (buy). */
  peak: Decimal;
}

/** True for `trailing-stop` and `trailing-stop-limit`. */
export function isTrailingType(type: OrderType): boolean {
  return type === 'trailing-stop' || type === 'trailing-stop-limit';
}

/**
 * The terms of a trailing order, checked: a `+` offset above zero, and for trailing-stop-limit a `+` or `-` limit
 * offset. Kraken answers an absolute trailing price with `EGeneral:Invalid arguments:price` (seen in the wild); the
 * other refusals use the same string for their field.
 */
export function trailTermsOf(
  ordertype: OrderType,
  price: PriceSpec | undefined,
  price2: PriceSpec | undefined,
): TrailTerms {
  if (price?.kind !== 'relative' || price.sign !== 1 || !price.value.greaterThan(ZERO)) {
    throw invalidArgument('price', 'a trailing offset is "+" and above zero, such as +50 or +1.5%');
  }
  if (ordertype !== 'trailing-stop-limit') return { offset: offsetOf(price), limitOffset: undefined };
  if (price2?.kind !== 'relative') {
    throw invalidArgument('price2', 'a trailing-stop-limit limit is an offset, such as +10 or -0.5%');
  }
  return { offset: offsetOf(price), limitOffset: offsetOf(price2) };
}

function offsetOf(spec: Extract<PriceSpec, { kind: 'relative' }>): Offset {
  return { sign: spec.sign, value: spec.value, percent: spec.percent };
}

/** The price a trigger follows: the last trade, or the index (the mid here) with `trigger=index`. */
export function referenceOf(market: PairMarket, trigger: 'last' | 'index'): Decimal {
  return trigger === 'index' ? market.mid : market.last;
}

/** A new trailing order's state at `peak` (the reference now), with the trigger and limit prices it implies. */
export function startTrail(
  side: Side,
  terms: TrailTerms,
  peak: Decimal,
  pair: Pair,
): { trail: TrailState; price: Decimal; price2: Decimal | undefined } {
  const trail = { terms, peak };
  const { price, price2 } = pricesOf(side, trail, pair);
  if (!price.greaterThan(ZERO)) throw invalidArgument('price');
  if (price2 !== undefined && !price2.greaterThan(ZERO)) throw invalidArgument('price2');
  return { trail, price, price2 };
}

/**
 * Moves the order's peak to `reference` when the price moved in its favour (up for a sell, down for a buy), and its
 * trigger (`price`) and limit (`price2`) with it; a move against it changes nothing.
 */
export function followPeak(order: Order, reference: Decimal): void {
  const { trail } = order;
  if (trail === undefined) return;
  const better = order.side === 'sell' ? reference.greaterThan(trail.peak) : reference.lessThan(trail.peak);
  if (!better) return;
  trail.peak = reference;
  const { price, price2 } = pricesOf(order.side, trail, order.pair);
  order.price = price;
  order.price2 = price2;
}

/**
 * The trigger (peak − offset for a sell, trough + offset for a buy, put on the tick towards the peak so it is never
 * further than the offset) and the limit (trigger ± limit offset, on the nearest tick).
 */
function pricesOf(
  side: Side,
  trail: TrailState,
  pair: Pair,
): { price: Decimal; price2: Decimal | undefined } {
  const { offset, limitOffset } = trail.terms;
  const away = amountOf(offset, trail.peak);
  const raw = side === 'sell' ? trail.peak.minus(away) : trail.peak.plus(away);
  const ticks = raw.div(pair.tickSize);
  const price = (side === 'sell' ? ticks.ceil() : ticks.floor()).times(pair.tickSize);
  if (limitOffset === undefined) return { price, price2: undefined };
  const limit = price.plus(amountOf(limitOffset, price).times(limitOffset.sign));
  return { price, price2: limit.div(pair.tickSize).toDecimalPlaces(0).times(pair.tickSize) };
}

function amountOf(offset: Offset, base: Decimal): Decimal {
  return offset.percent ? base.times(offset.value).div(HUNDRED) : offset.value;
}

/** An offset as Kraken's order views write it: `+5.0000%`, `+150.0`, `-10.0` (absolute at the pair's decimals). */
export function offsetText(offset: Offset, pair: Pair): string {
  const sign = offset.sign > 0 ? '+' : '-';
  return offset.percent
    ? `${sign}${offset.value.toFixed(4)}%`
    : `${sign}${offset.value.toFixed(pair.pairDecimals)}`;
}
