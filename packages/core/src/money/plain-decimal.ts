/**
 * Plain decimal text (`"37500"`, `"-1.25"`, `"0.00010000"`) to a Decimal and back, for the order path.
 *
 * Every order's price and volume pass here. decimal.js's general parser and printer (number and exponent forms,
 * two regular expressions, a generic digit loop) do more than plain decimal text needs, and through real sockets
 * an order pays for every distinct piece of code it runs, far more than that code's time in a tight loop. Text
 * already checked to be plain decimal is split into decimal.js's own representation directly, and written back
 * from it. Property tests hold both functions to decimal.js (`new Decimal(text)` and `toFixed()`) field for field
 * (docs/decisions/0013-plain-decimal-fast-path.md).
 *
 * decimal.js keeps a finite value as `s` (sign, 1 or -1), `e` (the base-10 exponent of its first significant
 * digit) and `d` (the significant digits in base-1e7 words, the first word holding the digits down to the units
 * of a multiple of 7 in the exponent, no trailing zero words); zero is `e = 0, d = [0]`.
 */
import { Decimal } from './decimal.js';

/** Digits per word of decimal.js's base-1e7 representation. */
const WORD_DIGITS = 7;

const MINUS = 45;
const POINT = 46;
const ZERO_CODE = 48;
const NINE_CODE = 57;

/**
 * The Decimal (shared configuration) of `text` when it is plain decimal text: an optional `-`, digits, and an
 * optional `.` followed by digits; `undefined` for anything else (exponents, `+`, `.5`, `1.`, spaces). Equal, field
 * for field, to `new Decimal(text)`.
 */
export function decimalFromPlainText(text: string): Decimal | undefined {
  const negative = text.charCodeAt(0) === MINUS;
  const start = negative ? 1 : 0;
  const length = text.length;
  let point = -1;
  let first = -1; // the first non-zero digit
  let last = -1; // the last non-zero digit
  for (let index = start; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === POINT) {
      // One point, with digits on both sides.
      if (point !== -1 || index === start || index === length - 1) return undefined;
      point = index;
    } else if (code < ZERO_CODE || code > NINE_CODE) {
      return undefined;
    } else if (code !== ZERO_CODE) {
      if (first === -1) first = index;
      last = index;
    }
  }
  if (length === start) return undefined;
  // Built by the constructor's own zero path, so the value has the very shape decimal.js gives its values.
  const value = new Decimal(0);
  (value as { s: number }).s = negative ? -1 : 1;
  if (first === -1) return value;
  const integerEnd = point === -1 ? length : point;
  // The exponent of the first significant digit: its distance from the units digit.
  const exponent = first < integerEnd ? integerEnd - first - 1 : integerEnd - first;
  (value as { e: number }).e = exponent;
  (value as { d: number[] }).d = wordsOf(text, first, last, point, exponent);
  return value;
}

/**
 * The significant digits `text[first..last]` (skipping the point) in base-1e7 words: the first word takes the
 * digits down to the next exponent that is a multiple of 7, the last word is padded with zeros to 7 digits.
 */
function wordsOf(text: string, first: number, last: number, point: number, exponent: number): number[] {
  const words: number[] = [];
  let firstWordDigits = (exponent + 1) % WORD_DIGITS;
  if (firstWordDigits <= 0) firstWordDigits += WORD_DIGITS;
  let word = 0;
  let digits = 0;
  let room = firstWordDigits;
  for (let index = first; index <= last; index += 1) {
    if (index === point) continue;
    word = word * 10 + (text.charCodeAt(index) - ZERO_CODE);
    digits += 1;
    if (digits === room) {
      words.push(word);
      word = 0;
      digits = 0;
      room = WORD_DIGITS;
    }
  }
  if (digits > 0) {
    for (; digits < room; digits += 1) word *= 10;
    words.push(word);
  }
  return words;
}

/** Zeros by count, to pad a word to 7 digits (a word has at most 6 leading zeros). */
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000'];

/** `value.toFixed()` (plain decimal text, no exponent) of a finite Decimal, written from its words. */
export function plainTextOf(value: Decimal): string {
  const words = (value as { d: number[] | null }).d;
  if (words === null || words === undefined) return value.toFixed(); // NaN or ±Infinity: decimal.js says how
  let digits = String(words[0]);
  for (let index = 1; index < words.length; index += 1) {
    const word = String(words[index]);
    digits += ZEROS[WORD_DIGITS - word.length] + word;
  }
  // The last word is padded to 7 digits: its trailing zeros are not significant.
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === ZERO_CODE) end -= 1;
  if (end < digits.length) digits = digits.slice(0, end);
  const exponent = value.e;
  let text: string;
  if (exponent < 0) text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  else if (exponent + 1 >= digits.length) text = digits + '0'.repeat(exponent + 1 - digits.length);
  else text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  return value.s < 0 && !(words.length === 1 && words[0] === 0) ? `-${text}` : text;
}
