import type { Decimal } from '../money/decimal.js';
import type { CloseOrderType, OrderSide, PriceTrigger } from './order-types.js';
import type {
  WsFeePreference,
  WsOrderType,
  WsPriceType,
  WsStpType,
  WsTimeInForce,
} from './ws-order-types.js';

declare const validatedWsBrand: unique symbol;

/** The trigger of a validated WebSocket order: the price as a Decimal (an offset when `price_type` is pct/quote). */
export interface ValidatedWsTriggers {
  readonly reference?: PriceTrigger;
  readonly price: Decimal;
  readonly price_type?: WsPriceType;
}

/** The conditional close template of a validated WebSocket order. */
export interface ValidatedWsConditional {
  readonly order_type: CloseOrderType;
  readonly limit_price?: Decimal;
  readonly limit_price_type?: WsPriceType;
  readonly trigger_price?: Decimal;
  readonly trigger_price_type?: WsPriceType;
}

/**
 * The fields of a validated WebSocket v2 order: v2's field names, money as Decimals of the shared configuration
 * (a price whose `*_type` is pct or quote is a signed offset), times as RFC 3339 text, and always a client order
 * id or a userref (a UUID is generated when the caller gave neither), so its outcome can be traced.
 */
export interface ValidatedWsOrderFields {
  /** The v2 symbol (`BTC/USD`); a batch's orders each carry the batch's symbol. */
  readonly symbol: string;
  readonly order_type: WsOrderType;
  readonly side: OrderSide;
  /** Base quantity; absent when the order gives `cash_order_qty`. */
  readonly order_qty?: Decimal;
  readonly cash_order_qty?: Decimal;
  readonly limit_price?: Decimal;
  readonly limit_price_type?: WsPriceType;
  readonly triggers?: ValidatedWsTriggers;
  readonly time_in_force?: WsTimeInForce;
  readonly margin?: boolean;
  readonly post_only?: boolean;
  readonly reduce_only?: boolean;
  readonly effective_time?: string;
  readonly expire_time?: string;
  readonly cl_ord_id?: string;
  readonly order_userref?: number;
  readonly display_qty?: Decimal;
  readonly fee_preference?: WsFeePreference;
  readonly stp_type?: WsStpType;
  readonly sender_sub_id?: string;
  readonly conditional?: ValidatedWsConditional;
  /** RFC 3339 text. */
  readonly deadline?: string;
  readonly validate?: boolean;
}

/**
 * A WebSocket v2 order checked once by {@link parseWsOrder}: frozen, every field in its final form. The guard
 * reads its facts from it and the WebSocket client writes it into the frame without validating again; a copy or
 * a look-alike object is not one (the brand is held in a private registry, as for {@link ValidatedOrder}).
 */
export type ValidatedWsOrder = ValidatedWsOrderFields & { readonly [validatedWsBrand]: true };

/** A `batch_add` checked once by {@link parseWsOrderBatch}: 2–15 validated orders on one symbol. */
export interface ValidatedWsOrderBatch {
  readonly symbol: string;
  /** Each order carries the batch's symbol, so the guard can read it on its own. */
  readonly orders: readonly ValidatedWsOrder[];
  readonly deadline?: string;
  readonly validate?: boolean;
  readonly [validatedWsBrand]: true;
}

// Registries of their own: a WebSocket order is not a REST ValidatedOrder (the field names differ).
const orders = new WeakSet<object>();
const batches = new WeakSet<object>();

/** Whether `value` came out of {@link parseWsOrder} (or {@link parseWsOrderBatch}, as one of its orders) unchanged. */
export function isValidatedWsOrder(value: unknown): value is ValidatedWsOrder {
  return typeof value === 'object' && value !== null && orders.has(value);
}

/** Whether `value` came out of {@link parseWsOrderBatch} unchanged. */
export function isValidatedWsOrderBatch(value: unknown): value is ValidatedWsOrderBatch {
  return typeof value === 'object' && value !== null && batches.has(value);
}

/** Freezes checked order fields and registers them as a validated WebSocket order (for the parsers only). */
export function sealWsOrder(fields: ValidatedWsOrderFields): ValidatedWsOrder {
  Object.freeze(fields);
  orders.add(fields);
  return fields as ValidatedWsOrder;
}

/** Freezes a checked batch and registers it as validated (for the parsers only). */
export function sealWsOrderBatch(
  fields: Omit<ValidatedWsOrderBatch, typeof validatedWsBrand>,
): ValidatedWsOrderBatch {
  Object.freeze(fields);
  batches.add(fields);
  return fields as ValidatedWsOrderBatch;
}
