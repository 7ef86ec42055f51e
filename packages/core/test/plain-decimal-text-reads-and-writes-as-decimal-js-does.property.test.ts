/**
 * The order path reads plain decimal text into decimal.js's representation and writes it back without decimal.js's
 * general parser and printer (src/money/plain-decimal.ts). These properties hold both to decimal.js itself, field
 * for field, over texts and values of every shape: so a Decimal from the fast path is the Decimal the library
 * would have made, and its wire text is `toFixed()`.
 */
import { Decimal, toDecimal, ValidationError } from '@krakenkit/core';
import { plainTextOf } from '@krakenkit/core/params';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalFromPlainText } from '../src/money/plain-decimal.js';

/** decimal.js's own fields of a value: sign, base-10 exponent, base-1e7 words. */
function fieldsOf(value: Decimal): { s: number; e: number; d: number[] | null } {
  const { s, e, d } = value as unknown as { s: number; e: number; d: number[] | null };
  return { s, e, d: d === null ? null : [...d] };
}

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Plain decimal text with leading and trailing zeros, long runs of zeros and up to 40 digits on either side. */
const plainText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(digits(1, 40), fc.constantFrom('0', '00', '0000000', '10000000')),
    fc.option(fc.oneof(digits(1, 40), fc.constantFrom('0', '0000000', '00000001', '10')), { nil: undefined }),
  )
  .map(
    ([negative, integer, fraction]) =>
      `${negative ? '-' : ''}${integer}${fraction === undefined ? '' : `.${fraction}`}`,
  );
/** Text that is almost plain decimal text, and some that is far from it. */
const nearText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789.-+e #%'), maxLength: 12 }),
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', '-', '.', '.5', '5.', '-.5', '1..2', '1.2.3', '+1', '1e5', ' 1', '1 ', '٣', '--1'),
);
const PLAIN = /^-?\d+(?:\.\d+)?$/;

describe('plain decimal text reads and writes as decimal.js does', () => {
  it('reads plain text into the very fields new Decimal(text) has', () => {
    fc.assert(
      fc.property(plainText, (text) => {
        const fast = decimalFromPlainText(text);
        expect(fast).toBeDefined();
        const library = new Decimal(text);
        expect(fieldsOf(fast as Decimal)).toEqual(fieldsOf(library));
        expect((fast as Decimal).constructor).toBe(Decimal);
        expect((fast as Decimal).equals(library)).toBe(true);
        // Arithmetic on it is the library's arithmetic on the library's value.
        expect((fast as Decimal).times('1.5').plus('0.001').toFixed()).toBe(
          library.times('1.5').plus('0.001').toFixed(),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('reads nothing but plain decimal text', () => {
    fc.assert(
      fc.property(fc.oneof(plainText, nearText), (text) => {
        expect(decimalFromPlainText(text) !== undefined).toBe(PLAIN.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes any finite Decimal as toFixed() writes it', () => {
    const decimal = fc.oneof(
      plainText.map((text) => new Decimal(text)),
      fc.tuple(plainText, plainText).map(([a, b]) => new Decimal(a).times(b)),
      fc
        .tuple(
          plainText,
          plainText.filter((text) => !/^-?[0.]+$/.test(text)),
        )
        .map(([a, b]) => new Decimal(a).div(b)),
      fc.integer({ min: -60, max: 60 }).map((power) => new Decimal(10).pow(power)),
      fc.constantFrom(new Decimal(0), new Decimal('-0'), new Decimal('1e-40'), new Decimal('123e30')),
    );
    fc.assert(
      fc.property(decimal, (value) => {
        expect(plainTextOf(value)).toBe(value.toFixed());
      }),
      { numRuns: 2000 },
    );
    expect(plainTextOf(new Decimal(Number.NaN))).toBe('NaN');
  });

  it('keeps the money gate: sign, zero, length and non-text rules are those of the general path', () => {
    expect(toDecimal('volume', '1.2500').toFixed()).toBe('1.25');
    expect(() => toDecimal('volume', '-1')).toThrow(ValidationError);
    expect(() => toDecimal('volume', '-0.0')).toThrow(/greater than zero/);
    expect(() => toDecimal('volume', '0.000')).toThrow(/greater than zero/);
    expect(toDecimal('volume', '0', { allowZero: true }).isZero()).toBe(true);
    expect(toDecimal('offset', '-2.5', { allowNegative: true }).toFixed()).toBe('-2.5');
    expect(() => toDecimal('volume', `1${'0'.repeat(64)}`)).toThrow(/at most 64 characters/);
    expect(toDecimal('volume', `1${'0'.repeat(69)}`, { maxLength: 70 }).toFixed()).toBe(`1${'0'.repeat(69)}`);
    expect(() => toDecimal('price', '1.123', { maxDecimals: 2 })).toThrow(/at most 2 decimal places/);
    expect(() => toDecimal('price', '1e3')).toThrow(/plain decimal text/);
  });
});
