import { createHmac, randomBytes } from 'node:crypto';
import { HmacSha512Key } from '@krakenkit/core/signing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const secrets = fc
  .uint8Array({ minLength: 1, maxLength: 300, size: 'max' })
  .map((bytes) => Buffer.from(bytes));
const texts = fc.string({ unit: 'grapheme', maxLength: 80 });

describe('the prepared HMAC key', () => {
  it('gives the bytes of createHmac for any key length (past the 128-byte block too) and any message', () => {
    fc.assert(
      fc.property(secrets, texts, fc.uint8Array({ maxLength: 100 }), (secret, text, bytes) => {
        const expected = createHmac('sha512', secret).update(text).update(bytes).digest();
        const actual = new HmacSha512Key(secret).digest(text, Buffer.from(bytes).toString('latin1'));
        expect(Buffer.from(actual, 'latin1').equals(expected)).toBe(true);
      }),
    );
  });

  it('stays right when one key signs many paths with digests of several lengths, in any order', () => {
    const secret = randomBytes(64);
    const key = new HmacSha512Key(secret);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('/0/private/Balance', '/0/private/AddOrder', '/é'), fc.nat(70)), {
          minLength: 1,
          maxLength: 20,
        }),
        (calls) => {
          for (const [path, length] of calls) {
            const bytes = randomBytes(length);
            const expected = createHmac('sha512', secret).update(path).update(bytes).digest();
            expect(Buffer.from(key.digest(path, bytes.toString('latin1')), 'latin1').equals(expected)).toBe(
              true,
            );
          }
        },
      ),
    );
  });
});

describe('the prepared HMAC key as base64', () => {
  it('gives the base64 text of createHmac, for any number of texts (past those it keeps)', () => {
    const secret = randomBytes(64);
    const key = new HmacSha512Key(secret);
    for (let n = 0; n < 300; n += 1) {
      const text = `/0/private/Call${n}`;
      const bytes = randomBytes(32).toString('latin1');
      const expected = createHmac('sha512', secret)
        .update(text)
        .update(Buffer.from(bytes, 'latin1'))
        .digest('base64');
      expect(key.digest(text, bytes, 'base64')).toBe(expected);
      // Again, from the kept buffer where there is one.
      expect(key.digest(text, bytes, 'base64')).toBe(expected);
    }
  });
});
