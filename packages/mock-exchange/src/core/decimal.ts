import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The mock's own Decimal configuration. The mock never imports @krakenkit/core's code (docs/decisions/0006), so it
 * keeps its own clone, with exactly core's values (a test compares them): 64 significant digits, rounding half up,
 * and exponent bounds so wide `toString()` never uses exponent notation, so every amount it writes on the wire is
 * plain decimal text, as Kraken's are.
 */
export const DECIMAL_CONFIG = Object.freeze({
  precision: 64,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
} as const);

export const Decimal: typeof DecimalJs = DecimalJs.clone({ ...DECIMAL_CONFIG });
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
