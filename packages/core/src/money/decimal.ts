import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The one Decimal configuration every krakenkit package computes money with. 64 significant digits keep sums of
 * borrowed amounts and volume × price products exact for any realistic order (an aggregate is compared with the
 * sum of its parts; an inexact add would make them drift). The exponent bounds are decimal.js's widest, so
 * `toString()` never switches to exponent notation: every amount written out is plain decimal text, as Kraken's are.
 */
export const DECIMAL_CONFIG = Object.freeze({
  precision: 64,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
} as const);

/** The Decimal constructor configured with {@link DECIMAL_CONFIG}: build every money value with it. */
export const Decimal: typeof DecimalJs = DecimalJs.clone({ ...DECIMAL_CONFIG });
/** A decimal.js value (any configuration: the type is shared by every clone). */
export type Decimal = DecimalJs;

/** Zero, built with the shared configuration. */
export const ZERO: Decimal = new Decimal(0);

/**
 * A money or quantity value as krakenkit accepts it: decimal text (`"0.25"`) or a decimal.js `Decimal`.
 * Never a JS number: `0.1 + 0.2` is not `0.3`, and an order must say exactly what the caller meant.
 */
export type DecimalInput = string | Decimal;

/**
 * The value as a Decimal of the shared configuration. Arithmetic follows the configuration of the value it is
 * called on, so a Decimal made elsewhere (the 20-digit default) is copied once rather than carried along.
 */
export function asSharedDecimal(value: Decimal): Decimal {
  return (value as { constructor?: unknown }).constructor === Decimal ? value : new Decimal(value);
}
