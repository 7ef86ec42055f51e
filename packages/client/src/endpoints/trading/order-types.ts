import type { DecimalInput } from '../../money.js';
import type { OrderFlag } from '../validate/order-fields.js';

/** AddOrder `ordertype` values (docs/kraken/rest-endpoints.md AddOrder). */
export const ORDER_TYPES = [
  'market',
  'limit',
  'iceberg',
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
  'settle-position',
] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/** Order types a conditional close (`close[ordertype]`) may use. */
export const CLOSE_ORDER_TYPES = [
  'limit',
  'iceberg',
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
] as const;
export type CloseOrderType = (typeof CLOSE_ORDER_TYPES)[number];

export const ORDER_SIDES = ['buy', 'sell'] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];

/** `timeinforce`. FOK is in the 2026 docs snapshot (docs/kraken/rest-endpoints.md), for limit orders only. */
export const TIME_IN_FORCE = ['GTC', 'IOC', 'GTD', 'FOK'] as const;
export type TimeInForce = (typeof TIME_IN_FORCE)[number];

export const SELF_TRADE_PREVENTION = ['cancel-newest', 'cancel-oldest', 'cancel-both'] as const;
export type SelfTradePrevention = (typeof SELF_TRADE_PREVENTION)[number];

export const PRICE_TRIGGERS = ['index', 'last'] as const;
export type PriceTrigger = (typeof PRICE_TRIGGERS)[number];

/**
 * A price: decimal text or a Decimal, or (where Kraken allows it) an offset from the last traded price as text:
 * `"+5"`, `"-5"`, `"#5"` (Kraken picks the side), with an optional `%` suffix (`"-1.5%"`).
 */
export type PriceInput = DecimalInput;

/** A conditional close order attached to the primary order (sent as `close[ordertype]`, `close[price]`, ...). */
export interface OrderCloseParams {
  ordertype: CloseOrderType;
  price?: PriceInput;
  price2?: PriceInput;
}

/** The fields of one order, shared by AddOrder and each entry of AddOrderBatch. */
export interface OrderFields {
  ordertype: OrderType;
  type: OrderSide;
  /** Base-asset quantity (quote with `viqc`). `"0"` only for closing margin orders (`leverage` or `reduce_only`). */
  volume: DecimalInput;
  /** Limit price (limit, iceberg) or trigger price (stop and take-profit types). */
  price?: PriceInput;
  /** Limit price of stop-loss-limit, take-profit-limit and trailing-stop-limit orders. */
  price2?: PriceInput;
  trigger?: PriceTrigger;
  /** `"none"` or an integer ≥ 2 as text. */
  leverage?: string;
  reduce_only?: boolean;
  stptype?: SelfTradePrevention;
  oflags?: readonly OrderFlag[] | string;
  timeinforce?: TimeInForce;
  /** `"0"`, a unix time, or `"+<seconds>"`. */
  starttm?: string | number;
  /** `"0"`, a unix time, or `"+<seconds>"` (at least +5); required with GTD. */
  expiretm?: string | number;
  /** A 32-bit tag; mutually exclusive with `cl_ord_id`. */
  userref?: number;
  /** A UUID, 32 hex characters, or ≤ 18 ASCII characters; mutually exclusive with `userref`. */
  cl_ord_id?: string;
  /** Iceberg only: the visible quantity, at least 1/15 of `volume`. */
  displayvol?: DecimalInput;
  close?: OrderCloseParams;
}

/** Result text Kraken returns for a placed order. */
export interface OrderDescription {
  /** e.g. `buy 1.25000000 XBTUSD @ limit 37500.0`. */
  order: string;
  close?: string;
}

/** Param names of {@link OrderFields}, in the order the docs list them. */
export const ORDER_FIELD_NAMES = [
  'ordertype',
  'type',
  'volume',
  'price',
  'price2',
  'trigger',
  'leverage',
  'reduce_only',
  'stptype',
  'oflags',
  'timeinforce',
  'starttm',
  'expiretm',
  'userref',
  'cl_ord_id',
  'displayvol',
  'close',
] as const;
