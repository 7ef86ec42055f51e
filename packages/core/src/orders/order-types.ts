import type { DecimalInput } from '../money/decimal.js';

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
/** One of Kraken's order types. */
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
/** One of the order types a conditional close may use. */
export type CloseOrderType = (typeof CLOSE_ORDER_TYPES)[number];

/** AddOrder `type`: the side of the order. */
export const ORDER_SIDES = ['buy', 'sell'] as const;
/** `buy` or `sell`. */
export type OrderSide = (typeof ORDER_SIDES)[number];

/** The other side: what reduces a position opened by `side`. */
export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'buy' ? 'sell' : 'buy';
}

/** `timeinforce`. FOK is in the 2026 docs snapshot (docs/kraken/rest-endpoints.md), for limit orders only. */
export const TIME_IN_FORCE = ['GTC', 'IOC', 'GTD', 'FOK'] as const;
/** One of Kraken's time-in-force values. */
export type TimeInForce = (typeof TIME_IN_FORCE)[number];

/** `stptype`: which order self-trade prevention cancels. */
export const SELF_TRADE_PREVENTION = ['cancel-newest', 'cancel-oldest', 'cancel-both'] as const;
/** One of Kraken's self-trade prevention modes. */
export type SelfTradePrevention = (typeof SELF_TRADE_PREVENTION)[number];

/** `trigger`: the price a stop or take-profit order watches. */
export const PRICE_TRIGGERS = ['index', 'last'] as const;
/** `index` or `last`. */
export type PriceTrigger = (typeof PRICE_TRIGGERS)[number];

/** `oflags` values: post-only, fee currency (base or quote), no market price protection, volume in quote. */
export const ORDER_FLAGS = ['post', 'fcib', 'fciq', 'nompp', 'viqc'] as const;
/** One of Kraken's order flags. */
export type OrderFlag = (typeof ORDER_FLAGS)[number];

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

/** The fields of one order, shared by AddOrder and each entry of AddOrderBatch (Kraken's own field names). */
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
  /** `"none"`, or an integer of at least 2: `5`, `"5"` or Kraken's own `"5:1"` (see `parseLeverage`). */
  leverage?: string | number;
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

/** AddOrder params: one order's fields plus the pair and request options. */
export interface AddOrderParams extends OrderFields {
  /** Pair id (`XXBTZUSD`) or altname (`XBTUSD`). */
  pair: string;
  /** RFC 3339 time (or Date) after which the matching engine must reject the order: now + 2 s to now + 60 s. */
  deadline?: string | Date;
  /** Validate only; nothing is placed (the result then has no `txid`). */
  validate?: boolean;
  /** `tokenized_asset` for xStocks pairs. */
  asset_class?: 'tokenized_asset';
  /** Partner IIBAN. */
  broker?: string;
}

/** Param names of {@link AddOrderParams}: the order's fields, then the request's. */
export const ADD_ORDER_FIELD_NAMES = [
  ...ORDER_FIELD_NAMES,
  'pair',
  'deadline',
  'validate',
  'asset_class',
  'broker',
] as const;
