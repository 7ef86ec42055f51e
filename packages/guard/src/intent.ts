import type { DecimalInput, OrderSide, OrderType, ValidatedOrder, ValidatedWsOrder } from '@krakenkit/core';

/** `buy` or `sell` (core's OrderSide). */
export type Side = OrderSide;

// The other side (what reduces a position opened by a side) and Kraken's order types: core's vocabulary.
export { type OrderType, oppositeSide } from '@krakenkit/core';

/**
 * A new order a strategy wants to place. Money and quantities are decimal strings (or Decimals), never numbers.
 * Prices must be absolute: Kraken's relative forms (`+5`, `2%`, `#`) cannot be checked before the fact.
 */
export interface OrderIntent {
  kind?: 'order';
  /** Any Kraken name of the pair: `XXBTZUSD`, `XBTUSD`, `XBT/USD` or `BTC/USD`. */
  pair: string;
  side: Side;
  orderType: OrderType;
  /** Base-currency volume. `"0"` on a closing margin order means "the whole position" (Kraken's rule). */
  volume: DecimalInput;
  /** Limit price (limit, iceberg) or trigger price (stop-loss, take-profit, their -limit forms). */
  price?: DecimalInput;
  /** Limit price of stop-loss-limit / take-profit-limit orders. */
  price2?: DecimalInput;
  /** REST leverage: `"5"`, `"5:1"`, `5` or `"none"`. A margin order is one with leverage (or `margin: true`). */
  leverage?: string | number;
  /** WS v2 `margin: true`: the order is funded at the pair's maximum leverage for its side. */
  margin?: boolean;
  reduceOnly?: boolean;
  /** Kraken `oflags: post` / WS `post_only`. */
  postOnly?: boolean;
  /** Current price for market and trigger orders (ask for buys, bid for sells); else the tracked mid is used. */
  referencePrice?: DecimalInput;
  clOrdId?: string;
}

/** A change to an open order: AmendOrder (in place) or EditOrder (`replace: true`, a new txid). */
export interface AmendIntent {
  kind: 'amend';
  /** The order's txid, client order id or reservation id. */
  orderId: string;
  volume?: DecimalInput;
  /** As an order's (EditOrder's): the limit price (limit, iceberg) or trigger price (stop-loss, take-profit, -limit forms). */
  price?: DecimalInput;
  /** As an order's: the limit price of stop-loss-limit / take-profit-limit orders. */
  price2?: DecimalInput;
  /** AmendOrder's `limit_price`, whatever the order type; wins over price / price2. */
  limitPrice?: DecimalInput;
  /** AmendOrder's `trigger_price`, whatever the order type; wins over price. */
  triggerPrice?: DecimalInput;
  postOnly?: boolean;
  replace?: boolean;
}

/** Cancels always pass the guard (they only reduce risk); checking one charges the pair's rate counter. */
export interface CancelIntent {
  kind: 'cancel';
  /** txids / client order ids; omitted means CancelAll. */
  orderIds?: readonly string[];
}

/** The API key a withdrawal goes through, as declared in config (never the secret). */
export interface WithdrawingKey {
  name: string;
  permissions: readonly string[];
}

/** A withdrawal to a named withdrawal key (Kraken's Withdraw: `asset`, `key`, `amount`). */
export interface WithdrawIntent {
  kind: 'withdraw';
  asset: string;
  /** The withdrawal key NAME set up on the Kraken account (the allow-listed address label). */
  key: string;
  amount: DecimalInput;
  /** The API key the call would be signed with. */
  apiKey?: WithdrawingKey;
  /** USD price of one unit of the asset; else the tracked price is used. */
  usdPrice?: DecimalInput;
  /** WithdrawInfo's `limit` for this asset and key, when the caller asked for it. */
  infoLimit?: DecimalInput;
}

/** Anything the guard decides about: an order, an amend, a cancel or a withdrawal. */
/**
 * What `check()` judges. A new order comes as an {@link OrderIntent} (lenient: every field is read and each
 * problem becomes a violation) or as core's ValidatedOrder or ValidatedWsOrder (checked once by parseOrder /
 * parseWsOrder: its values are read as they are, nothing is parsed again; the guarded clients pass the order they
 * then send).
 */
export type GuardIntent =
  | OrderIntent
  | ValidatedOrder
  | ValidatedWsOrder
  | AmendIntent
  | CancelIntent
  | WithdrawIntent;
