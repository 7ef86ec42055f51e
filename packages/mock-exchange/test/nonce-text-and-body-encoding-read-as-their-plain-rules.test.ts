/**
 * Two reads on every private call, written for speed, held to their plain rules over generated input: a nonce is
 * 1 to 20 ASCII digits whose value fits an unsigned 64-bit integer (`/^\d{1,20}$/`, then the range); a body is
 * empty when it is whitespace only, JSON when the content type names JSON (or, without one, when it starts with
 * `{`), form otherwise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNonce } from '../src/auth/nonce.js';
import { bodyEncoding } from '../src/endpoints/body.js';

const UINT64_MAX = (1n << 64n) - 1n;

function plainNonce(text: string): bigint | undefined {
  if (!/^\d{1,20}$/.test(text)) return undefined;
  const value = BigInt(text);
  return value <= UINT64_MAX ? value : undefined;
}

function plainEncoding(body: string, contentType: string | undefined): 'form' | 'json' | 'empty' {
  const text = body.trimStart();
  if (text === '') return 'empty';
  return (contentType?.toLowerCase().includes('json') ?? text.startsWith('{')) ? 'json' : 'form';
}

/** Digits, the characters next to them, and the Unicode digits and spaces a regex's `\d` and `\s` differ on. */
const nonceChar = fc.constantFrom(...'0123456789/:+- .eE٣０\u00a0\n', '9', '0', '1');

describe('the nonce text', () => {
  it('parses as the plain rule does, at every length and around 2^64', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(nonceChar, { maxLength: 24 }).map((chars) => chars.join('')),
          fc.bigInt({ min: 0n, max: UINT64_MAX * 2n }).map(String),
          fc.bigInt({ min: UINT64_MAX - 1000n, max: UINT64_MAX + 1000n }).map(String),
          fc.string({ maxLength: 22 }),
        ),
        (text) => {
          expect(parseNonce(text)).toBe(plainNonce(text));
        },
      ),
      { numRuns: 3000 },
    );
    expect(parseNonce(UINT64_MAX.toString())).toBe(UINT64_MAX);
    expect(parseNonce((UINT64_MAX + 1n).toString())).toBeUndefined();
    expect(parseNonce('9'.repeat(19))).toBe(10n ** 19n - 1n);
    expect(parseNonce('0'.repeat(20))).toBe(0n);
  });
});

describe('the body encoding', () => {
  it('is read as the plain rule reads it, whatever the leading characters and the content type', () => {
    const lead = fc.constantFrom(
      '',
      ' ',
      '\t',
      '\n',
      '\u00a0',
      '\ufeff',
      '\u2028',
      '{',
      '[',
      'n',
      '~',
      '\u007f',
    );
    const rest = fc.constantFrom('', 'nonce=1', '{"nonce":"1"}', ' ', '}', 'a=b&c=d');
    const contentType = fc.option(
      fc.constantFrom(
        'application/x-www-form-urlencoded',
        'Application/X-WWW-Form-Urlencoded',
        'application/json',
        'APPLICATION/JSON; charset=utf-8',
        'text/plain',
        '',
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(fc.array(lead, { maxLength: 3 }), rest, contentType, (leads, tail, type) => {
        const body = leads.join('') + tail;
        expect(bodyEncoding(body, type)).toBe(plainEncoding(body, type));
      }),
      { numRuns: 3000 },
    );
  });
});
