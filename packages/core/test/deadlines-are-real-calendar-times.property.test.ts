import { parseOrder, parseWsOrder, ValidationError } from '@krakenkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const LIMIT = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '60000' } as const;

// Day 0 of the next month is the last day of this one (months count from 0 in Date.UTC).
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

describe('deadlines are real calendar times', () => {
  it('takes every time a Date writes, in UTC or with an offset', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2200-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const text = date.toISOString();
          expect(parseOrder({ ...LIMIT, deadline: text }).deadline).toBe(text);
          const offset = `${text.slice(0, 19)}+05:30`;
          expect(parseOrder({ ...LIMIT, deadline: offset }).deadline).toBe(offset);
        },
      ),
    );
  });

  it('refuses a day past the end of its month, naming the field and the value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2200 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        (year, month, past) => {
          const day = daysIn(year, month) + past;
          fc.pre(day <= 31);
          const text = `${year}-${pad(month)}-${pad(day)}T00:00:00Z`;
          try {
            parseOrder({ ...LIMIT, deadline: text });
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            expect((error as ValidationError).field).toBe('AddOrder.deadline');
            expect((error as ValidationError).value).toBe(text);
            return;
          }
          throw new Error(`${text} was taken`);
        },
      ),
    );
  });

  it('refuses 24:00 and 29 February of a common year, also in WebSocket times', () => {
    for (const text of ['2026-01-01T24:00:00Z', '2026-02-29T12:00:00Z', '2100-02-29T12:00:00Z']) {
      expect(() => parseOrder({ ...LIMIT, deadline: text }), text).toThrow(ValidationError);
      expect(
        () =>
          parseWsOrder({
            symbol: 'BTC/USD',
            side: 'buy',
            order_type: 'limit',
            order_qty: '1',
            limit_price: '1',
            expire_time: text,
          }),
        text,
      ).toThrow(ValidationError);
    }
    expect(parseOrder({ ...LIMIT, deadline: '2028-02-29T23:59:59Z' }).deadline).toBe('2028-02-29T23:59:59Z');
  });
});
