// The order vocabulary (types, sides, flags, the fields of one order) is @krakenkit/core's, shared with the guard.
export {
  CLOSE_ORDER_TYPES,
  type CloseOrderType,
  ORDER_FIELD_NAMES,
  ORDER_FLAGS,
  ORDER_SIDES,
  ORDER_TYPES,
  type OrderCloseParams,
  type OrderFields,
  type OrderFlag,
  type OrderSide,
  type OrderType,
  PRICE_TRIGGERS,
  type PriceInput,
  type PriceTrigger,
  SELF_TRADE_PREVENTION,
  type SelfTradePrevention,
  TIME_IN_FORCE,
  type TimeInForce,
} from '@krakenkit/core';

/** Result text Kraken returns for a placed order. */
export interface OrderDescription {
  /** e.g. `buy 1.25000000 XBTUSD @ limit 37500.0`. */
  order: string;
  close?: string;
}
