import { createHash, createHmac, randomBytes } from 'node:crypto';
import { HmacSha512Key } from '@krakenkit/core/signing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeApiSign, verifyApiSign, verifyApiSignWith } from '../src/auth/signature.js';

/** Kraken's recipe written the plain way, with node:crypto's own HMAC: the reference the fast path must match. */
function plainApiSign(secret: Buffer, path: string, nonce: string, body: string): Buffer {
  const inner = createHash('sha256')
    .update(nonce + body)
    .digest();
  return createHmac('sha512', secret).update(path).update(inner).digest();
}

/** What the header check meant before: decode the base64 header as Buffer.from does, then compare all bytes. */
function plainVerify(expected: Buffer, apiSign: string): boolean {
  const given = Buffer.from(apiSign, 'base64');
  return given.length === expected.length && given.equals(expected);
}

const secrets = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes));
const texts = fc.string({ unit: 'grapheme', maxLength: 80 });

describe('API-Sign on the fast path', () => {
  it('computes the plain recipe for any secret, path, nonce and body', () => {
    fc.assert(
      fc.property(
        secrets,
        texts,
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        texts,
        (secret, path, nonce, body) => {
          const expected = plainApiSign(secret, path, nonce.toString(), body);
          expect(computeApiSign(secret, path, nonce.toString(), body).equals(expected)).toBe(true);
        },
      ),
    );
  });

  it('accepts a signature header exactly when its base64 decodes to the right 64 bytes', () => {
    const secret = randomBytes(64);
    const key = new HmacSha512Key(secret);
    const path = '/0/private/Balance';
    const nonce = '1767225600000123';
    const body = `nonce=${nonce}`;
    const expected = plainApiSign(secret, path, nonce, body);
    const good = expected.toString('base64');
    // Every way a header can be near the right one: other padding, other alphabet, spaces, bytes added or cut.
    const variants = fc.oneof(
      fc.constant(good),
      fc.constant(good.replace(/=+$/, '')),
      fc.constant(expected.toString('base64url')),
      fc.constant(`${good.slice(0, 40)}\n${good.slice(40)}`),
      fc.constant(` ${good} `),
      fc
        .uint8Array({ minLength: 1, maxLength: 3 })
        .map((extra) => Buffer.concat([expected, Buffer.from(extra)]).toString('base64')),
      fc.nat(63).map((cut) => expected.subarray(0, cut).toString('base64')),
      fc.nat(63).map((at) => {
        const flipped = Buffer.from(expected);
        flipped[at] = (flipped[at] as number) ^ 1;
        return flipped.toString('base64');
      }),
      fc.string({ maxLength: 120 }),
    );
    fc.assert(
      fc.property(variants, (apiSign) => {
        const verdict = plainVerify(expected, apiSign);
        expect(verifyApiSignWith(key, path, nonce, body, apiSign)).toBe(verdict);
        expect(verifyApiSign(secret, path, nonce, body, apiSign)).toBe(verdict);
      }),
    );
  });
});
