import { type Decimal, toDecimal as toCheckedDecimal, type WireDecimalOptions } from '@krakenkit/core';

// Money is @krakenkit/core's Decimal (one configuration for every package); the guard only adds its own reading
// of amounts: non-negative, zero allowed (a limit of 0, an unfilled volume).
export { Decimal as Dec, type DecimalInput, ZERO } from '@krakenkit/core';

const NON_NEGATIVE: WireDecimalOptions = { allowZero: true };

/**
 * Parses a non-negative decimal through core's one money gate: a JS number, exponent text, a sign, or a relative
 * price (`+5`, `2%`) throws a ValidationError naming `field` and the value.
 */
export function toDecimal(field: string, value: unknown): Decimal {
  return toCheckedDecimal(field, value, NON_NEGATIVE);
}

/** Like {@link toDecimal}, but `undefined` passes through. */
export function toOptionalDecimal(field: string, value: unknown): Decimal | undefined {
  return value === undefined ? undefined : toCheckedDecimal(field, value, NON_NEGATIVE);
}
