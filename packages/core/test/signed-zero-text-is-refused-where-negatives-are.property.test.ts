import { Decimal, parseOrder, toDecimal, toWireDecimal, ValidationError } from '@krakenkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

function refusal(attempt: () => unknown): ValidationError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

// "-0", "-00", "-0.000": zero written with a sign.
const signedZero = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 8 }))
  .map(([whole, places]) => `-${'0'.repeat(whole)}${places > 0 ? `.${'0'.repeat(places)}` : ''}`);

// Plain decimal text, signed or not, zero included.
const plainText = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^\d{1,12}$/),
    fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }),
  )
  .map(
    ([minus, whole, fraction]) =>
      `${minus ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`,
  );

describe('signed zero text is refused where negatives are', () => {
  it('refuses "-0" in a field that allows zero but not negatives, naming the field and the value', () => {
    fc.assert(
      fc.property(signedZero, (text) => {
        for (const gate of [toWireDecimal, toDecimal]) {
          const error = refusal(() => gate('max_fee', text, { allowZero: true }));
          expect(error.field).toBe('max_fee');
          expect(error.value).toBe(text);
          expect(error.message).toContain(JSON.stringify(text));
        }
      }),
    );
  });

  it('never answers wire text with a sign where negatives are not allowed', () => {
    fc.assert(
      fc.property(plainText, (text) => {
        let wire: string | undefined;
        try {
          wire = toWireDecimal('volume', text, { allowZero: true });
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        expect(wire.startsWith('-')).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a closing margin order of volume "-0"', () => {
    const order = { pair: 'XBTUSD', type: 'sell', ordertype: 'market', leverage: '2' } as const;
    expect(parseOrder({ ...order, volume: '0' }).volume.isZero()).toBe(true);
    expect(refusal(() => parseOrder({ ...order, volume: '-0' })).field).toBe('AddOrder.volume');
  });

  it('still takes signed zero where negatives are allowed, and a Decimal -0 (written "0")', () => {
    expect(toWireDecimal('offset', '-0', { allowZero: true, allowNegative: true })).toBe('-0');
    expect(toWireDecimal('max_fee', new Decimal('-0'), { allowZero: true })).toBe('0');
    expect(toDecimal('max_fee', new Decimal('-0'), { allowZero: true }).isZero()).toBe(true);
    expect(refusal(() => toDecimal('volume', '-0')).expected).toBe('a decimal greater than zero');
  });
});
