import {
  Decimal,
  isValidatedOrder,
  isValidatedWsOrder,
  parseOrder,
  parseWsOrder,
  toDecimal,
  ValidationError,
} from '@krakenkit/core';
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

  it('parseWsOrder answers a validated WebSocket order or throws a ValidationError, never anything else', () => {
    const wsField = fc.constantFrom(
      'symbol',
      'side',
      'order_type',
      'order_qty',
      'cash_order_qty',
      'limit_price',
      'limit_price_type',
      'triggers',
      'margin',
      'conditional',
    );
    const wsValue = fc.oneof(
      fc.anything({ withObjectString: true, withNullPrototype: true }),
      fc.constantFrom('BTC/USD', 'buy', 'limit', 'stop-loss', '1', '-1', 'pct', true, { price: '1' }),
    );
    fc.assert(
      fc.property(fc.dictionary(wsField, wsValue), (params) => {
        try {
          expect(isValidatedWsOrder(parseWsOrder(params))).toBe(true);
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
