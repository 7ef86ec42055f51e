/**
 * The order path builds its wire params and body without the general-purpose helpers (URLSearchParams for every
 * pair, Array.prototype.sort, object spread), because those allocate more than the order itself; what it builds
 * must stay byte for byte what those helpers give, for any input.
 */
import { sortKeys } from '@krakenkit/core/params';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withClientOrderIds } from '../src/client/cl-ord-id.js';
import { encodeForm } from '../src/encoding.js';

/** Any text: every Unicode plane, lone surrogates, and the characters forms escape. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 'a b', 'a+b', '%2B', '*-._', "~!'()", '\ud800', 'close[price]'),
);

describe('form bodies', () => {
  it('are exactly what URLSearchParams writes, whatever the names and values', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyText, anyText), { maxLength: 8 }), (pairs) => {
        const params = Object.fromEntries(pairs);
        const entries = Object.keys(params).map((key): [string, string] => [key, params[key] as string]);
        expect(encodeForm(params)).toBe(new URLSearchParams(entries).toString());
      }),
      { numRuns: 500 },
    );
  });
});

describe('sorted wire params', () => {
  it('come out in the order Array.prototype.sort gives, small records and large ones', () => {
    fc.assert(
      fc.property(fc.dictionary(anyText, fc.integer(), { maxKeys: 60 }), (record) => {
        expect(Object.keys(sortKeys(record))).toEqual(Object.keys(record).sort());
        expect(Object.values(sortKeys(record))).toEqual(
          Object.keys(record)
            .sort()
            .map((key) => record[key]),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('client order ids', () => {
  it('are added to a copy holding every field of the order, the original untouched', () => {
    fc.assert(
      fc.property(fc.dictionary(anyText, anyText, { maxKeys: 10 }), (order) => {
        fc.pre(order['cl_ord_id'] === undefined && order['userref'] === undefined);
        const before = JSON.stringify(order);
        const sent = withClientOrderIds('AddOrder', order, () => 'id-1');
        expect(sent).toEqual({ ...order, cl_ord_id: 'id-1' });
        expect(Object.keys(sent)).toEqual([...Object.keys(order), 'cl_ord_id']);
        expect(JSON.stringify(order)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('copy a literal "__proto__" field as a field, never as the copy\'s prototype', () => {
    const order = JSON.parse('{"pair":"XBTUSD","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const sent = withClientOrderIds('AddOrder', order, () => 'id-1');
    expect(Object.getPrototypeOf(sent)).toBe(Object.prototype);
    expect(Object.keys(sent)).toEqual(['pair', '__proto__', 'cl_ord_id']);
    expect((sent as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
