import { isDecimalString, toOptionalWireDecimal, toWireDecimal } from '@krakenkit/core';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/errors/index.js';

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** Plain decimal text as Kraken sends it: integer part, optional fraction, total length within the default cap. */
const decimalText = fc
  .tuple(digits(1, 20), fc.option(digits(1, 20), { nil: undefined }))
  .map(([int, frac]) => (frac === undefined ? int : `${int}.${frac}`));

const positiveDecimalText = decimalText.filter((text) => !new Decimal(text).isZero());

function expectValidationError(run: () => unknown, field: string): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('toWireDecimal', () => {
  it('returns valid decimal text unchanged, trailing zeros included', () => {
    fc.assert(
      fc.property(positiveDecimalText, (text) => {
        expect(toWireDecimal('volume', text)).toBe(text);
        expect(isDecimalString(text)).toBe(true);
      }),
    );
    expect(toWireDecimal('volume', '1.25000000')).toBe('1.25000000');
  });

  it('writes a Decimal exactly, never in exponent notation', () => {
    fc.assert(
      fc.property(positiveDecimalText, (text) => {
        const wire = toWireDecimal('price', new Decimal(text));
        expect(wire).not.toMatch(/e/i);
        expect(new Decimal(wire).equals(new Decimal(text))).toBe(true);
      }),
    );
    expect(toWireDecimal('price', new Decimal('1e-8'))).toBe('0.00000001');
    expect(toWireDecimal('price', new Decimal('1.5e3'))).toBe('1500');
  });

  it('refuses every JS number, naming the field and value', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        const error = expectValidationError(() => toWireDecimal('volume', value), 'volume');
        expect(error.code).toBe('KRAKENKIT_MONEY_NOT_DECIMAL');
        expect(Object.is(error.value, value)).toBe(true);
      }),
    );
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.1, 1]) {
      expectValidationError(() => toWireDecimal('volume', value), 'volume');
    }
  });

  it('refuses exponent, signed, spaced, grouped, empty and oversized text', () => {
    const hostile = [
      '1e5',
      '1e400',
      '1E5',
      ' 1',
      '1 ',
      '1,5',
      '',
      '--1',
      '+1',
      '.5',
      '1.',
      '0x10',
      'NaN',
      'Infinity',
      '-Infinity',
      '１',
      '1_000',
      `1${'0'.repeat(100)}`,
      '1\n',
    ];
    for (const text of hostile) {
      const error = expectValidationError(() => toWireDecimal('price', text), 'price');
      expect(error.value).toBe(text);
      expect(error.message).toContain('price');
    }
  });

  it('never crashes: any input either passes as decimal text or throws a ValidationError', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          const wire = toWireDecimal('amount', value);
          expect(isDecimalString(wire)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        try {
          expect(toWireDecimal('amount', value)).toBe(value);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
    );
  });

  it('refuses non-finite Decimals and objects that only look numeric', () => {
    expectValidationError(() => toWireDecimal('price', new Decimal(Number.NaN)), 'price');
    expectValidationError(() => toWireDecimal('price', new Decimal(Number.POSITIVE_INFINITY)), 'price');
    expectValidationError(() => toWireDecimal('price', new Decimal('1e400')), 'price');
    expectValidationError(() => toWireDecimal('price', { toString: () => '1' }), 'price');
    expectValidationError(() => toWireDecimal('price', 10n), 'price');
    expectValidationError(() => toWireDecimal('price', null), 'price');
  });

  it('refuses zero and negatives unless allowed, and applies min and maxDecimals', () => {
    expectValidationError(() => toWireDecimal('volume', '0'), 'volume');
    expectValidationError(() => toWireDecimal('volume', '0.000'), 'volume');
    expectValidationError(() => toWireDecimal('volume', '-1'), 'volume');
    expect(toWireDecimal('volume', '0', { allowZero: true })).toBe('0');
    expect(toWireDecimal('pnl', '-1.5', { allowNegative: true })).toBe('-1.5');
    expectValidationError(() => toWireDecimal('volume', '0.0001', { min: '0.001' }), 'volume');
    expect(toWireDecimal('volume', '0.001', { min: new Decimal('0.001') })).toBe('0.001');
    expectValidationError(() => toWireDecimal('volume', '0.123456789', { maxDecimals: 8 }), 'volume');
    expect(toWireDecimal('volume', '0.12345678', { maxDecimals: 8 })).toBe('0.12345678');
  });

  it('leaves an absent optional value absent', () => {
    expect(toOptionalWireDecimal('price', undefined)).toBeUndefined();
    expect(toOptionalWireDecimal('price', '2')).toBe('2');
  });
});

describe('isDecimalString', () => {
  it('accepts plain decimal text only', () => {
    expect(isDecimalString('0.25')).toBe(true);
    expect(isDecimalString('-0.25')).toBe(false);
    expect(isDecimalString('-0.25', { allowNegative: true })).toBe(true);
    for (const value of ['1e5', '', ' 1', 1, null, undefined, {}]) expect(isDecimalString(value)).toBe(false);
  });
});
