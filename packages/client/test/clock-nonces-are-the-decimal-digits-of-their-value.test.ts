import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClockNonceSource, digitsOf } from '../src/nonce/clock-source.js';

describe('clock nonce text', () => {
  it('writes any safe integer as String() does', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (value) => {
        expect(digitsOf(value)).toBe(String(value));
      }),
      { numRuns: 5000 },
    );
    const edges = [
      0,
      1,
      9,
      10,
      999_999_999,
      1_000_000_000,
      1_000_000_001,
      10_000_000_000,
      Number.MAX_SAFE_INTEGER,
    ];
    for (const value of edges) expect(digitsOf(value)).toBe(String(value));
    for (let high = 1; high < 1e7; high *= 10) {
      for (const low of [0, 1, 10, 99_999_999, 100_000_000, 999_999_999]) {
        const value = high * 1e9 + low;
        expect(digitsOf(value)).toBe(String(value));
      }
    }
  });

  it('issues the digits of its value, counting up within a millisecond and across clock steps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_000_000_000_000 }),
        fc.array(fc.integer({ min: -5_000, max: 5_000 }), { minLength: 1, maxLength: 40 }),
        (start, steps) => {
          let now = start;
          let index = 0;
          const source = createClockNonceSource({
            now: () => {
              now = Math.max(0, now + (steps[index++ % steps.length] ?? 0));
              return now;
            },
          });
          let previous = -1;
          for (let call = 0; call < 200; call += 1) {
            const nonce = source.next();
            expect(nonce).toBe(String(source.last));
            expect(source.last).toBeGreaterThan(previous);
            previous = source.last;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
