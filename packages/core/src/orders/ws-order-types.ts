import type { DecimalInput } from '../money/decimal.js';
import { ORDER_TYPES, type OrderSide, type OrderType, type PriceTrigger } from './order-types.js';

/**
 * The order vocabulary of Kraken's WebSocket v2 trading methods (docs/kraken/websocket-v2.md "Trading methods"),
 * named as v2 names its fields. Order types, sides and trigger references are the REST vocabulary itself; what v2
 * spells its own way (lower-case time in force, `_` in self-trade prevention, price types) is listed here.
 */

/** WebSocket v2 order types: the REST order types (docs/kraken/websocket-v2.md `add_order`). */
export const WS_ORDER_TYPES: typeof ORDER_TYPES = ORDER_TYPES;
/** An order type of WebSocket v2 trading (the REST order types). */
export type WsOrderType = OrderType;

/** How a v2 price is given: a price (`static`), or an offset in percent (`pct`) or in the quote currency (`quote`). */
export const WS_PRICE_TYPES = ['static', 'pct', 'quote'] as const;
/** One of {@link WS_PRICE_TYPES}. */
export type WsPriceType = (typeof WS_PRICE_TYPES)[number];

/** v2 `time_in_force`: good till cancelled (default), good till date, immediate or cancel. */
export const WS_TIME_IN_FORCE = ['gtc', 'gtd', 'ioc'] as const;
/** One of {@link WS_TIME_IN_FORCE}. */
export type WsTimeInForce = (typeof WS_TIME_IN_FORCE)[number];

/** v2 `stp_type`: which order self-trade prevention cancels. */
export const WS_STP_TYPES = ['cancel_newest', 'cancel_oldest', 'cancel_both'] as const;
/** One of {@link WS_STP_TYPES}. */
export type WsStpType = (typeof WS_STP_TYPES)[number];

/** v2 `fee_preference`: the currency fees are charged in. */
export const WS_FEE_PREFERENCES = ['base', 'quote'] as const;
/** One of {@link WS_FEE_PREFERENCES}. */
export type WsFeePreference = (typeof WS_FEE_PREFERENCES)[number];

/** The trigger of a stop-loss, take-profit or trailing-stop order. */
export interface WsTriggers {
  /** `last` (Kraken's default) or `index`. */
  reference?: PriceTrigger;
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
  side: OrderSide;
  /** Base-asset quantity; exactly one of order_qty and cash_order_qty. */
  order_qty?: DecimalInput;
  /** Quote-currency quantity (buy market orders). */
  cash_order_qty?: DecimalInput;
  limit_price?: DecimalInput;
  limit_price_type?: WsPriceType;
  triggers?: WsTriggers;
  time_in_force?: WsTimeInForce;
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
  fee_preference?: WsFeePreference;
  stp_type?: WsStpType;
  sender_sub_id?: string;
  conditional?: WsConditional;
}

/** Param names of {@link WsOrderFields}. */
export const WS_ORDER_FIELD_NAMES = [
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

/** Parameters of `add_order`: one order's fields plus the symbol and request options. */
export interface WsAddOrderParams extends WsOrderFields {
  /** The v2 symbol, e.g. `BTC/USD`. */
  symbol: string;
  /** RFC 3339 time (or Date) after which the matching engine must reject the order. */
  deadline?: string | Date;
  /** Validate only; nothing is placed. */
  validate?: boolean;
}

/** Parameters of `batch_add`: 2 to 15 orders on one symbol. */
export interface WsBatchAddParams {
  symbol: string;
  /** 2 to 15 orders, all for `symbol`. */
  orders: readonly WsOrderFields[];
  deadline?: string | Date;
  validate?: boolean;
}
