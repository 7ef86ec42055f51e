import { DECIMAL_CONFIG, Decimal, toDecimal, toWireDecimal, ValidationError, ZERO } from '@krakenkit/core';
import { Decimal as DefaultDecimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';

describe('money has one Decimal configuration', () => {
  it('is 64 significant digits, rounding half up', () => {
    expect(DECIMAL_CONFIG.precision).toBe(64);
    expect(DECIMAL_CONFIG.rounding).toBe(DefaultDecimal.ROUND_HALF_UP);
    expect(Decimal.precision).toBe(64);
    expect(Decimal.rounding).toBe(DefaultDecimal.ROUND_HALF_UP);
  });

  it('keeps a sum exact where the 20-digit default rounds it', () => {
    const a = '123456789012.123456789012';
    const b = '0.000000000000000000001';
    expect(new Decimal(a).plus(b).toFixed()).toBe('123456789012.123456789012000000001');
    expect(new DefaultDecimal(a).plus(b).toFixed()).not.toBe('123456789012.123456789012000000001');
  });

  it('never writes exponent notation, however small or large the value', () => {
    expect(new Decimal('0.00000000000000000000000000000000000000000001').toString()).toBe(
      '0.00000000000000000000000000000000000000000001',
    );
    expect(new Decimal('1').times(new Decimal(10).pow(50)).toString()).toBe(`1${'0'.repeat(50)}`);
    expect(ZERO.toString()).toBe('0');
  });

  it('turns a Decimal of another configuration into the shared one, so its arithmetic is exact too', () => {
    const foreign = new DefaultDecimal('1');
    const shared = toDecimal('volume', foreign);
    expect(shared.constructor).toBe(Decimal);
    expect(shared.div(3).toFixed().length).toBeGreaterThan(60);
  });

  it('refuses a JS number, exponent text, a sign or zero through the one money gate', () => {
    for (const value of [0.1, '1e5', '+1', '-1', '0', ' 1', 'NaN', new Decimal(Number.NaN)]) {
      expect(() => toDecimal('volume', value), String(value)).toThrow(ValidationError);
    }
    expect(() => toDecimal('volume', 1)).toThrow(
      expect.objectContaining({ code: 'KRAKENKIT_MONEY_NOT_DECIMAL' }),
    );
    expect(toDecimal('volume', '0', { allowZero: true }).isZero()).toBe(true);
  });

  it('writes valid text back unchanged, trailing zeros included', () => {
    expect(toWireDecimal('volume', '1.25000000')).toBe('1.25000000');
    expect(toWireDecimal('volume', new Decimal('1.50'))).toBe('1.5');
  });
});
