import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors/index.js';
import { createSigner, signRequest } from '../src/signing.js';

// Kraken docs, "Spot REST Authentication", Examples table (docs/kraken/rest-authentication.md).
const VECTOR = {
  secret: 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==',
  nonce: '1616492376594',
  payload: 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
  path: '/0/private/AddOrder',
  sign: '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
};

describe('signRequest', () => {
  it('reproduces the official Kraken test vector byte for byte', () => {
    expect(signRequest(VECTOR.secret, VECTOR.path, VECTOR.nonce, VECTOR.payload)).toBe(VECTOR.sign);
    expect(signRequest(VECTOR.secret, VECTOR.path, 1616492376594n, VECTOR.payload)).toBe(VECTOR.sign);
    expect(createSigner(VECTOR.secret)(VECTOR.path, VECTOR.nonce, VECTOR.payload)).toBe(VECTOR.sign);
  });

  it('gives the same signature from the cache as on first use', () => {
    const first = signRequest(VECTOR.secret, VECTOR.path, VECTOR.nonce, VECTOR.payload);
    const second = signRequest(VECTOR.secret, VECTOR.path, VECTOR.nonce, VECTOR.payload);
    expect(second).toBe(first);
  });

  it('equals a direct transcription of the documented formula for any body', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.string(), fc.nat(), (raw, body, n) => {
        const secret = Buffer.from(raw).toString('base64');
        const nonce = String(n);
        const inner = createHash('sha256')
          .update(nonce + body)
          .digest();
        const expected = createHmac('sha512', Buffer.from(secret, 'base64'))
          .update(Buffer.concat([Buffer.from('/0/private/Balance'), inner]))
          .digest('base64');
        expect(signRequest(secret, '/0/private/Balance', nonce, body)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('changes when one byte of the body changes', () => {
    const other = VECTOR.payload.replace('1.25', '1.26');
    expect(signRequest(VECTOR.secret, VECTOR.path, VECTOR.nonce, other)).not.toBe(VECTOR.sign);
  });

  it('refuses a secret that is not base64 without echoing it', () => {
    const bad = 'not base64 at all!';
    let caught: unknown;
    try {
      signRequest(bad, VECTOR.path, VECTOR.nonce, VECTOR.payload);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(String((caught as Error).message)).not.toContain(bad);
    expect(() => createSigner('')).toThrow(ConfigError);
  });
});
