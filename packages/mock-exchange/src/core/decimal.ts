import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The mock's own Decimal: 40 significant digits and never exponent notation in `toString()`, so every amount it
 * writes on the wire is plain decimal text, as Kraken's are.
 */
export const Decimal: typeof DecimalJs = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = DecimalJs;

export const ZERO: Decimal = new Decimal(0);
export const ONE: Decimal = new Decimal(1);
export const HUNDRED: Decimal = new Decimal(100);

/** Plain unsigned decimal text as Kraken accepts it on the wire: `1`, `1.25`, `.5`, `37500.`. */
const DECIMAL_TEXT = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Parses unsigned decimal text (no sign, no exponent); undefined when the text is not one. */
export function parseDecimalText(text: string): Decimal | undefined {
  return DECIMAL_TEXT.test(text) ? new Decimal(text) : undefined;
}

/** Decimal from trusted config text (throws on garbage: config is validated at load). */
export function dec(value: string | number | Decimal): Decimal {
  return new Decimal(value);
}

/** Fixed-point text with `places` decimals (Kraken pads prices and volumes to the pair's precision). */
export function fixed(value: Decimal, places: number): string {
  return value.toFixed(places);
}

export function minDec(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}

export function maxDec(a: Decimal, b: Decimal): Decimal {
  return a.greaterThan(b) ? a : b;
}

export function sumDec(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}
