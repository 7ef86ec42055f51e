import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeForm, isFormSafe } from '../src/encoding.js';

// Any UTF-16 text, lone surrogates included: URLSearchParams writes those as U+FFFD, and so must the encoder.
const anyText = fc.string({ unit: 'binary', maxLength: 24 });
const mostlySafe = fc.stringMatching(/^[\w*.-]{0,16}$/);
const text = fc.oneof(
  anyText,
  mostlySafe,
  fc.constantFrom('', ' ', '+30', 'a b&c=d', '%2B', '~', '\u00e9', '\ud800'),
);

describe('form encoder', () => {
  it('writes each pair exactly as URLSearchParams does, for any name and value', () => {
    fc.assert(
      fc.property(text, text, (name, value) => {
        expect(encodeForm(Object.fromEntries([[name, value]]))).toBe(
          new URLSearchParams([[name, value]]).toString(),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('writes whole bodies as URLSearchParams does, fields in the order of the params object', () => {
    fc.assert(
      fc.property(fc.dictionary(text, text, { maxKeys: 8 }), (params) => {
        expect(encodeForm(params)).toBe(new URLSearchParams(Object.entries(params)).toString());
      }),
      { numRuns: 500 },
    );
  });

  it('passes as safe exactly the text URLSearchParams leaves unchanged', () => {
    fc.assert(
      fc.property(text, (value) => {
        const unchanged = new URLSearchParams([['', value]]).toString() === `=${value}`;
        expect(isFormSafe(value)).toBe(unchanged);
      }),
      { numRuns: 2000 },
    );
    for (let code = 0; code < 0x180; code += 1) {
      const char = String.fromCharCode(code);
      expect(isFormSafe(char), `char ${code}`).toBe(
        new URLSearchParams([['', char]]).toString() === `=${char}`,
      );
    }
  });
});
