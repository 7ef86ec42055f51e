import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NonceTracker } from '../src/auth/nonce.js';
import { call } from './support/signer.js';
import { newKey, world } from './support/world.js';

describe('nonces', () => {
  it('rejects a replayed nonce and a smaller one with EAPI:Invalid nonce', () => {
    const { exchange, key } = world();
    expect(call(exchange, key, 'Balance', {}, { nonce: '1000' }).error).toEqual([]);
    expect(call(exchange, key, 'Balance', {}, { nonce: '1000' }).error).toEqual(['EAPI:Invalid nonce']);
    expect(call(exchange, key, 'Balance', {}, { nonce: '999' }).error).toEqual(['EAPI:Invalid nonce']);
    expect(call(exchange, key, 'Balance', {}, { nonce: '1001' }).error).toEqual([]);
  });

  it('tracks nonces per key: two keys of one account do not interfere', () => {
    const second = newKey('second');
    const { exchange, key } = world({ keys: [second] });
    expect(call(exchange, key, 'Balance', {}, { nonce: '5000' }).error).toEqual([]);
    expect(call(exchange, second, 'Balance', {}, { nonce: '10' }).error).toEqual([]);
  });

  it("accepts out-of-order nonces inside the key's nonce window, never twice", () => {
    const { exchange, key } = world({ nonceWindow: 100 });
    expect(call(exchange, key, 'Balance', {}, { nonce: '1000' }).error).toEqual([]);
    expect(call(exchange, key, 'Balance', {}, { nonce: '950' }).error).toEqual([]);
    expect(call(exchange, key, 'Balance', {}, { nonce: '950' }).error).toEqual(['EAPI:Invalid nonce']);
    expect(call(exchange, key, 'Balance', {}, { nonce: '900' }).error).toEqual(['EAPI:Invalid nonce']);
  });

  it('rejects a missing or malformed nonce', () => {
    const { exchange, key } = world();
    expect(call(exchange, key, 'Balance', {}, { nonce: 'abc' }).error).toEqual(['EAPI:Invalid nonce']);
    expect(call(exchange, key, 'Balance', {}, { nonce: '18446744073709551616' }).error).toEqual([
      'EAPI:Invalid nonce',
    ]);
  });

  it('does not burn a nonce on a request with a bad signature', () => {
    const { exchange, key } = world();
    const forged = { apiKey: key.apiKey, apiSecret: newKey('x').apiSecret };
    expect(call(exchange, forged, 'Balance', {}, { nonce: '9000' }).error).toEqual([
      'EAPI:Invalid signature',
    ]);
    expect(call(exchange, key, 'Balance', {}, { nonce: '8000' }).error).toEqual([]);
  });

  it('property: with window 0 the accepted nonces are exactly the running maxima', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 1000n }), { maxLength: 60 }), (nonces) => {
        const tracker = new NonceTracker(0);
        let highest = -1n;
        for (const nonce of nonces) {
          expect(tracker.accept(nonce)).toBe(nonce > highest);
          if (nonce > highest) highest = nonce;
        }
      }),
    );
  });

  it('property: with a window, an accepted nonce is new and above highest − window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.bigInt({ min: 0n, max: 300n }), { maxLength: 80 }),
        (window, nonces) => {
          const tracker = new NonceTracker(window);
          const accepted = new Set<bigint>();
          let highest = -1n;
          for (const nonce of nonces) {
            const expected = !accepted.has(nonce) && (nonce > highest || nonce > highest - BigInt(window));
            expect(tracker.accept(nonce)).toBe(expected);
            if (expected) {
              accepted.add(nonce);
              if (nonce > highest) highest = nonce;
            }
          }
        },
      ),
    );
  });
});
