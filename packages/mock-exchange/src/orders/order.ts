import type { Decimal } from '../core/decimal.js';
import type { ScheduledTask } from '../core/scheduler.js';
import type { Pair } from '../market/pairs.js';
import type { CloseSpec } from './order-request.js';
import type { TrailState } from './trailing.js';

export const ORDER_TYPES = [
  'market',
  'limit',
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
] as const;
/** An order type the exchange accepts. */
export type OrderType = (typeof ORDER_TYPES)[number];
/** Buy or sell. */
export type Side = 'buy' | 'sell';
/** REST order status (note Kraken's spelling `canceled`). */
export type OrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired';
export type TimeInForce = 'GTC' | 'IOC' | 'GTD' | 'FOK';

/**
 * How a margin order relates to the account's positions on its pair when it was accepted: `open` borrows
 * from a pool (counts in allowance usage and position size), `reduce` closes existing positions.
 */
export type MarginRole = 'open' | 'reduce';

/** An order as the exchange keeps it. Amounts are Decimals; times are exchange-clock epoch ms. */
export interface Order {
  readonly txid: string;
  readonly accountId: string;
  readonly pair: Pair;
  readonly side: Side;
  readonly ordertype: OrderType;
  /**
   * Limit price (limit) or trigger price (stop-loss, take-profit, trailing-stop and their -limit variants; a trailing
   * order's trigger moves with its peak until it triggers).
   */
  price: Decimal | undefined;
  /** Limit price of stop-loss-limit / take-profit-limit / trailing-stop-limit (a trailing one moves with its trigger). */
  price2: Decimal | undefined;
  volume: Decimal;
  volExec: Decimal;
  cost: Decimal;
  fee: Decimal;
  /** Leverage value (e.g. 5) for margin orders; undefined for spot. */
  leverage: number | undefined;
  reduceOnly: boolean;
  marginRole: MarginRole | undefined;
  /** Price used to size a long's borrowing when the order has no limit price (the ask at acceptance). */
  referencePrice: Decimal;
  oflags: readonly string[];
  timeInForce: TimeInForce;
  /** GTD expiry, epoch ms. */
  expireAt: number | undefined;
  trigger: 'last' | 'index';
  userref: number | null;
  clOrdId: string | null;
  status: OrderStatus;
  readonly openedAt: number;
  closedAt: number | undefined;
  reason: string | null;
  /** When the order was created or last amended: the age the matching-engine counter uses. */
  touchedAt: number;
  misc: Set<string>;
  tradeIds: string[];
  /** Set once a stop/take-profit order has triggered. */
  triggeredAt: number | undefined;
  expiryTask: ScheduledTask | undefined;
  /** Conditional close terms: each fill spawns an opposite order of the filled volume. */
  close: CloseSpec | undefined;
  /** A trailing stop's offsets and the peak (sell) or trough (buy) it follows; undefined for other types. */
  trail?: TrailState;
  /** The txid of the order whose fill created this one (a conditional close order); Kraken's `refid`. */
  refid?: string;
}

export function isOpen(order: Order): boolean {
  return order.status === 'open' || order.status === 'pending';
}

export function remaining(order: Order): Decimal {
  return order.volume.minus(order.volExec);
}

export function isMarginOrder(order: Order): boolean {
  return order.marginRole !== undefined;
}

/** The price a resting order trades at once reached: its limit (limit) or its -limit price after triggering. */
export function limitPriceOf(order: Order): Decimal | undefined {
  if (order.ordertype === 'limit') return order.price;
  if (order.ordertype.endsWith('-limit')) return order.price2;
  return undefined;
}

export function isTriggerType(type: OrderType): boolean {
  return type !== 'market' && type !== 'limit';
}
