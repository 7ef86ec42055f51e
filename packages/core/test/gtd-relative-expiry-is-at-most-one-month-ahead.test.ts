import { parseOrder, parseOrderBatch, ValidationError } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';

const GTD = {
  pair: 'XBTUSD',
  type: 'buy',
  ordertype: 'limit',
  volume: '0.01',
  price: '60000',
  timeinforce: 'GTD',
} as const;

// The longest month: an expiry up to it may be one Kraken takes, one past it never is.
const ONE_MONTH_SECONDS = 31 * 24 * 3600;

function refusal(attempt: () => unknown): ValidationError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('a GTD relative expiry is at most one month ahead', () => {
  it('takes +5 s up to +31 days', () => {
    expect(parseOrder({ ...GTD, expiretm: '+5' }).expiretm).toBe('+5');
    expect(parseOrder({ ...GTD, expiretm: `+${ONE_MONTH_SECONDS}` }).expiretm).toBe(`+${ONE_MONTH_SECONDS}`);
  });

  it('refuses a relative expiry past one month, naming the field and the value', () => {
    for (const expiretm of [`+${ONE_MONTH_SECONDS + 1}`, '+999999999']) {
      const error = refusal(() => parseOrder({ ...GTD, expiretm }));
      expect(error.field).toBe('AddOrder.expiretm');
      expect(error.value).toBe(expiretm);
      expect(error.message).toContain(expiretm);
    }
    const { pair: _pair, ...entry } = GTD;
    const orders = [
      { ...entry, expiretm: '+60' },
      { ...entry, expiretm: '+999999999' },
    ];
    expect(refusal(() => parseOrderBatch({ pair: 'XBTUSD', orders })).field).toBe(
      'AddOrderBatch.orders[1].expiretm',
    );
  });

  it('leaves an absolute expiry to the clock at send time', () => {
    expect(parseOrder({ ...GTD, expiretm: '99999999999' }).expiretm).toBe('99999999999');
  });
});
