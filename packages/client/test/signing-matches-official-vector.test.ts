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

  it('signs as createHmac does with any key, path and body, one signer after another call', () => {
    // The hot-path signer computes HMAC from precomputed pads and reuses its buffers: keys past SHA-512's block
    // (hashed first), paths too long for the buffer, non-ASCII paths and a short call after a long one included.
    const documented = (raw: Uint8Array, path: string, nonce: string, body: string) =>
      createHmac('sha512', raw)
        .update(path)
        .update(
          createHash('sha256')
            .update(nonce + body)
            .digest(),
        )
        .digest('base64');
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 200, size: 'max' }),
        fc.array(
          fc.tuple(
            fc.oneof(fc.string(), fc.string({ maxLength: 300, unit: 'binary' })),
            fc.string(),
            fc.nat(),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (raw, calls) => {
          const sign = createSigner(Buffer.from(raw).toString('base64'));
          for (const [path, body, n] of calls) {
            expect(sign(path, String(n), body)).toBe(documented(raw, path, String(n), body));
          }
        },
      ),
      { numRuns: 300 },
    );
    const raw = Buffer.from(VECTOR.secret, 'base64');
    const sign = createSigner(VECTOR.secret);
    for (const path of [`/0/private/${'x'.repeat(1000)}`, `/0/private/${'€'.repeat(300)}`, '/0/private/€']) {
      expect(sign(path, '1', 'a')).toBe(documented(raw, path, '1', 'a'));
    }
    for (const length of [128, 129, 200]) {
      const key = Buffer.alloc(length, 7);
      expect(createSigner(key.toString('base64'))('/0/private/Balance', '1', 'a')).toBe(
        documented(key, '/0/private/Balance', '1', 'a'),
      );
    }
    expect(sign(VECTOR.path, VECTOR.nonce, VECTOR.payload)).toBe(VECTOR.sign);
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
