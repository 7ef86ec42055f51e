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

/**
 * The brand: a private field stamped onto the checked object itself (a base constructor that returns the object it
 * is given lets a subclass add its private fields to any object, without changing its prototype). Like a private
 * registry, it cannot be forged or carried over by spreading or copying (a copy is a new object without the
 * field), and a Proxy does not forward it; unlike a WeakSet, it leaves no weak table for the garbage collector.
 */
class Stampable {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: returning the target is what stamps it (see above).
    return target;
  }
}

class OrderBrand extends Stampable {
  readonly #order = true;
  static stamp(target: object): void {
    new OrderBrand(target);
  }
  static has(value: object): boolean {
    return #order in value;
  }
}

class BatchBrand extends Stampable {
  readonly #batch = true;
  static stamp(target: object): void {
    new BatchBrand(target);
  }
  static has(value: object): boolean {
    return #batch in value;
  }
}

/** Whether `value` came out of {@link parseOrder} (or {@link parseOrderBatch}, as one of its orders) unchanged. */
export function isValidatedOrder(value: unknown): value is ValidatedOrder {
  return typeof value === 'object' && value !== null && OrderBrand.has(value);
}

/** Whether `value` came out of {@link parseOrderBatch} unchanged. */
export function isValidatedOrderBatch(value: unknown): value is ValidatedOrderBatch {
  return typeof value === 'object' && value !== null && BatchBrand.has(value);
}

/** Freezes checked order fields and registers them as a validated order (for the parsers only). */
export function sealOrder(fields: ValidatedOrderFields): ValidatedOrder {
  // Stamped before freezing: the field is added to the object, which must still be open to take it.
  OrderBrand.stamp(fields);
  Object.freeze(fields);
  return fields as ValidatedOrder;
}

/** Freezes a checked batch and registers it as validated (for the parsers only). */
export function sealOrderBatch(
  fields: Omit<ValidatedOrderBatch, typeof validatedBrand>,
): ValidatedOrderBatch {
  BatchBrand.stamp(fields);
  Object.freeze(fields);
  return fields as ValidatedOrderBatch;
}
