import type { Decimal } from '../money/decimal.js';
import type {
  CloseOrderType,
  OrderFlag,
  OrderSide,
  OrderType,
  PriceTrigger,
  SelfTradePrevention,
  TimeInForce,
} from './order-types.js';

declare const validatedBrand: unique symbol;

/**
 * A price of a validated order: an absolute price as a Decimal, or an offset from the last traded price as its
 * checked text (`"+5"`, `"-1.5%"`, `"#2"`), which only the exchange can resolve.
 */
export type OrderPrice = Decimal | string;

/** The conditional close of a validated order. */
export interface ValidatedClose {
  readonly ordertype: CloseOrderType;
  readonly price?: OrderPrice;
  readonly price2?: OrderPrice;
}

/** The fields of a validated order: Kraken's field names, money as Decimals of the shared configuration. */
export interface ValidatedOrderFields {
  readonly pair: string;
  readonly type: OrderSide;
  readonly ordertype: OrderType;
  readonly volume: Decimal;
  readonly price?: OrderPrice;
  readonly price2?: OrderPrice;
  readonly trigger?: PriceTrigger;
  /** An integer of at least 2, or `"none"` (spot) when the caller said so. */
  readonly leverage?: number | 'none';
  readonly reduce_only?: boolean;
  readonly stptype?: SelfTradePrevention;
  readonly oflags?: readonly OrderFlag[];
  readonly timeinforce?: TimeInForce;
  readonly starttm?: string;
  readonly expiretm?: string;
  readonly userref?: number;
  readonly cl_ord_id?: string;
  readonly displayvol?: Decimal;
  readonly close?: ValidatedClose;
  /** RFC 3339 text. */
  readonly deadline?: string;
  readonly validate?: boolean;
  readonly asset_class?: 'tokenized_asset';
  readonly broker?: string;
}

/**
 * An order checked once by {@link parseOrder}: frozen, every field in its final form. The guard reads its facts
 * from it and the client encodes it without validating again; neither can be handed one that skipped the checks
 * (the brand is held in a private registry, so a copy or a look-alike object is not a ValidatedOrder).
 */
export type ValidatedOrder = ValidatedOrderFields & { readonly [validatedBrand]: true };

/** An AddOrderBatch checked once by {@link parseOrderBatch}: 2–15 validated orders on one pair. */
export interface ValidatedOrderBatch {
  readonly pair: string;
  /** Each order carries the batch's pair, so the guard can read it on its own. */
  readonly orders: readonly ValidatedOrder[];
  readonly deadline?: string;
  readonly validate?: boolean;
  readonly asset_class?: 'tokenized_asset';
  readonly [validatedBrand]: true;
}

// WeakSets rather than a symbol property: spreading a validated order must not carry the brand to a changed copy.
const orders = new WeakSet<object>();
const batches = new WeakSet<object>();

/** Whether `value` came out of {@link parseOrder} (or {@link parseOrderBatch}, as one of its orders) unchanged. */
export function isValidatedOrder(value: unknown): value is ValidatedOrder {
  return typeof value === 'object' && value !== null && orders.has(value);
}

/** Whether `value` came out of {@link parseOrderBatch} unchanged. */
export function isValidatedOrderBatch(value: unknown): value is ValidatedOrderBatch {
  return typeof value === 'object' && value !== null && batches.has(value);
}

/** Freezes checked order fields and registers them as a validated order (for the parsers only). */
export function sealOrder(fields: ValidatedOrderFields): ValidatedOrder {
  Object.freeze(fields);
  orders.add(fields);
  return fields as ValidatedOrder;
}

/** Freezes a checked batch and registers it as validated (for the parsers only). */
export function sealOrderBatch(
  fields: Omit<ValidatedOrderBatch, typeof validatedBrand>,
): ValidatedOrderBatch {
  Object.freeze(fields);
  batches.add(fields);
  return fields as ValidatedOrderBatch;
}
