import { type DecimalInput, toWireDecimal } from '@krakenkit/client';
import { Decimal } from 'decimal.js';

/**
 * The guard's decimal type: a private clone with 64 significant digits, so sums of borrowed amounts, reservations
 * and volume × price products stay exact for any realistic order (aggregates are compared with the sum of their
 * parts; an inexact add would make them drift).
 */
export const Dec = Decimal.clone({
  precision: 64,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = Decimal;

/** A money or quantity value: decimal text (`"0.25"`) or a Decimal, never a JS number (the client's type). */
export type { DecimalInput };

export const ZERO: Dec = new Dec(0);

/**
 * Parses a non-negative decimal through the client's one money gate (`toWireDecimal`): a JS number, exponent
 * text, a sign, or a relative price (`+5`, `2%`) throws a ValidationError naming `field` and the value.
 */
export function toDecimal(field: string, value: unknown): Dec {
  return new Dec(toWireDecimal(field, value, { allowZero: true }));
}

/** Like {@link toDecimal}, but `undefined` passes through. */
export function toOptionalDecimal(field: string, value: unknown): Dec | undefined {
  return value === undefined ? undefined : toDecimal(field, value);
}
