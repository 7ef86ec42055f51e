/**
 * Pair, asset and id fields are checked with tables of char codes (src/params/basic-fields.ts), every order's pair
 * among them. These properties hold each check to the pattern it stands for, over texts near and far from it.
 */
import { ValidationError } from '@krakenkit/core';
import { toAsset, toId, toPair } from '@krakenkit/core/params';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const CHECKS = [
  { name: 'pair', convert: toPair, pattern: /^[A-Za-z0-9][A-Za-z0-9./:_-]{0,39}$/ },
  { name: 'asset', convert: toAsset, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,23}$/ },
  { name: 'id', convert: toId, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/ },
] as const;

const near = fc.string({ unit: fc.constantFrom(...'aZ09./:_-# \n\u00e9\u0660'), maxLength: 70 });
const any = fc.oneof(
  near,
  fc.string({ maxLength: 70 }),
  fc.constantFrom('', 'X', `A${'b'.repeat(63)}`, 'XBTUSD\n'),
);

describe('names and ids are checked as their patterns say', () => {
  for (const { name, convert, pattern } of CHECKS) {
    it(`accepts a ${name} exactly when its pattern matches, and returns it unchanged`, () => {
      fc.assert(
        fc.property(any, (text) => {
          if (pattern.test(text)) expect(convert(name, text)).toBe(text);
          else expect(() => convert(name, text)).toThrow(ValidationError);
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('refuses what is not text at all', () => {
    for (const value of [undefined, null, 42, ['XBTUSD'], { pair: 'XBTUSD' }]) {
      expect(() => toPair('AddOrder.pair', value)).toThrow(ValidationError);
    }
  });
});
