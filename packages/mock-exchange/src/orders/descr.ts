import type { Decimal } from '../core/decimal.js';
import type { Pair } from '../market/pairs.js';
import type { OrderType, Side } from './order.js';
import type { CloseSpec, PriceSpec } from './order-request.js';
import { isTrailingType, offsetText, type TrailState } from './trailing.js';

export interface DescrInput {
  pair: Pair;
  side: Side;
  ordertype: OrderType;
  volume: Decimal;
  price: Decimal | undefined;
  price2: Decimal | undefined;
  leverage: number | undefined;
  /** A trailing order's terms: its description shows the offsets, not the prices they imply now. */
  trail?: Pick<TrailState, 'terms'> | undefined;
}

/**
 * Kraken's order description text, e.g. `buy 2.12340000 XBTUSD @ limit 25000.1 with 2:1 leverage` or
 * `sell 1.00000000 XBTUSD @ stop loss 22000.0 -> limit 21000.0` or
 * `sell 0.50000000 XBTUSD @ trailing stop +5.0000% -> limit -100.0`.
 */
export function describeOrder(input: DescrInput): string {
  const { pair } = input;
  const [price, price2] = priceTexts(input);
  const leverage = input.leverage === undefined ? '' : ` with ${input.leverage}:1 leverage`;
  return `${input.side} ${input.volume.toFixed(pair.lotDecimals)} ${pair.altname} @ ${where(input.ordertype, price, price2)}${leverage}`;
}

/** An order's `price` and `price2` as its description (and OpenOrders `descr`) writes them: a trailing order's offsets. */
export function priceTexts(input: Pick<DescrInput, 'pair' | 'price' | 'price2' | 'trail'>): [string, string] {
  const { pair, trail } = input;
  const px = (value: Decimal | undefined): string =>
    value === undefined ? '0' : value.toFixed(pair.pairDecimals);
  if (trail === undefined) return [px(input.price), px(input.price2)];
  const { offset, limitOffset } = trail.terms;
  return [offsetText(offset, pair), limitOffset === undefined ? '0' : offsetText(limitOffset, pair)];
}

/** `close position @ stop loss 22000.0 -> limit 21000.0` (AddOrder `descr.close`); '' without close terms. */
export function describeClose(pair: Pair, close: CloseSpec | undefined): string {
  if (close === undefined) return '';
  const text = (spec: PriceSpec | undefined): string => {
    if (spec === undefined) return '0';
    if (spec.kind === 'absolute') return spec.value.toFixed(pair.pairDecimals);
    if (isTrailingType(close.ordertype)) return offsetText(spec, pair);
    return `${spec.sign > 0 ? '+' : '-'}${spec.value.toString()}${spec.percent ? '%' : ''}`;
  };
  return `close position @ ${where(close.ordertype, text(close.price), text(close.price2))}`;
}

function where(ordertype: OrderType, price: string, price2: string): string {
  switch (ordertype) {
    case 'market':
      return 'market';
    case 'limit':
      return `limit ${price}`;
    case 'stop-loss':
      return `stop loss ${price}`;
    case 'take-profit':
      return `take profit ${price}`;
    case 'stop-loss-limit':
      return `stop loss ${price} -> limit ${price2}`;
    case 'take-profit-limit':
      return `take profit ${price} -> limit ${price2}`;
    case 'trailing-stop':
      return `trailing stop ${price}`;
    case 'trailing-stop-limit':
      return `trailing stop ${price} -> limit ${price2}`;
  }
}
