import { Decimal, isValidatedOrder, parseOrder, toDecimal, ValidationError } from '@krakenkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const field = fc.constantFrom(
  'pair',
  'type',
  'ordertype',
  'volume',
  'price',
  'price2',
  'leverage',
  'oflags',
  'close',
);
const value = fc.oneof(
  fc.anything({ withObjectString: true, withNullPrototype: true }),
  fc.constantFrom('XBTUSD', 'buy', 'sell', 'limit', 'market', '1', '0', '+5', '5:1', 'none', '1e5', ['post']),
);

describe('parseOrder on arbitrary input', () => {
  it('answers a validated order or throws a ValidationError, never anything else', () => {
    fc.assert(
      fc.property(fc.dictionary(field, value), (params) => {
        try {
          expect(isValidatedOrder(parseOrder(params))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
    );
  });

  it('keeps every decimal it accepts exactly, whether given as text or as a Decimal', () => {
    const text = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 20n }))
      .map(([int, frac]) => `${int}.${frac}`);
    fc.assert(
      fc.property(text, (decimal) => {
        expect(toDecimal('volume', decimal).eq(new Decimal(decimal))).toBe(true);
        expect(toDecimal('volume', new Decimal(decimal)).toFixed()).toBe(new Decimal(decimal).toFixed());
      }),
    );
  });
});
