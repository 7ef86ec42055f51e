import { Decimal } from '@krakenkit/core';

/**
 * Decimal numbers as text, the way they travel on the wire. The order book and the checksum work on this text
 * directly (no Decimal object per level), which keeps book updates cheap and exact.
 */

const plainDecimal = /^-?\d+(?:\.\d+)?$/;
/** Largest exponent expanded from `1e±N` notation. */
const MAX_EXPONENT = 100;
const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** True for `123`, `-0.5`, `45285.20`: plain decimal text without exponent. */
export function isPlainDecimal(text: string): boolean {
  return plainDecimal.test(text);
}

/**
 * Turns JSON number text into plain decimal text (`1e-8` → `0.00000001`), keeping plain text as it is (trailing
 * zeros included). Returns undefined for anything that is not a JSON number.
 */
export function toPlainDecimal(text: string): string | undefined {
  if (plainDecimal.test(text)) return text;
  if (!jsonNumber.test(text)) return undefined;
  // A hostile `1e99999999` would expand to a hundred million digits: no real price or quantity needs that.
  const exponent = Number(text.slice(text.search(/[eE]/) + 1));
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  return new Decimal(text).toFixed();
}

/**
 * Formats non-negative plain decimal text to exactly `precision` decimals: pads with zeros, or drops surplus
 * decimals only when they are zeros. Returns undefined when that would change the value (more precision on the wire
 * than the instrument declares), so a wrong precision is detected rather than silently rounded.
 */
export function fixPrecision(text: string, precision: number): string | undefined {
  const dot = text.indexOf('.');
  const decimals = dot < 0 ? 0 : text.length - dot - 1;
  if (decimals === precision) return text;
  if (decimals < precision) {
    const zeros = zerosOf(precision - decimals);
    return dot < 0 ? `${text}.${zeros}` : text + zeros;
  }
  const keep = precision === 0 ? dot : dot + 1 + precision;
  for (let i = keep; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x30 && c !== 0x2e) return undefined;
  }
  return text.slice(0, keep);
}

/** Padding strings `0` … up to 32 zeros, made once (book updates pad most quantities). */
const ZEROS = Array.from({ length: 33 }, (_, count) => '0'.repeat(count));

function zerosOf(count: number): string {
  return ZEROS[count] ?? '0'.repeat(count);
}

/** True when the text is a zero of any spelling (`0`, `0.000`, `-0.0`). */
export function isZeroDecimal(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x30 && c !== 0x2e && c !== 0x2d) return false;
  }
  return true;
}

/**
 * The checksum form of a level's number (Kraken book checksum guide): the text with '.' removed and leading zeros
 * stripped, e.g. `0.00100000` → `100000`, `45285.2` → `452852`.
 */
export function checksumDigits(text: string): string {
  const dot = text.indexOf('.');
  const digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 0x30) start += 1;
  return start === 0 ? digits : digits.slice(start);
}

/**
 * Orders two non-negative decimal texts that carry the same number of decimals and no leading zeros (the book's
 * canonical form): the longer is larger, equal lengths compare as strings. Exact, with no float conversion.
 */
export function compareFixedDecimals(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
