import { compareNonces, createPersistedNonceSource, memoryFloorStore } from '@krakenkit/client/nonce';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const START_MS = 1_700_000_000_000;

/** How far a nonce is ahead of a clock reading, in microseconds. */
function aheadOf(nonce: string, clockMs: number): number {
  return Number(nonce) - clockMs * 1000;
}

describe('a persisted nonce floor through a crash loop', () => {
  it('1000 restarts that each issue one nonce leave the next nonce within reserveAhead (+1 µs a call) of the clock', () => {
    const reserveAheadUs = 1_000_000;
    const store = memoryFloorStore();
    let now = START_MS;
    let previous: string | undefined;
    for (let restart = 0; restart < 1000; restart += 1) {
      // A crash loop restarts quickly: the clock moves 0–2 ms between lives.
      now += restart % 3;
      const source = createPersistedNonceSource({ store, reserveAheadUs, now: () => now });
      const nonce = source.next();
      if (previous !== undefined) expect(compareNonces(nonce, previous)).toBeGreaterThan(0);
      previous = nonce;
      // ...and the process dies here, before any other call.
    }
    const next = createPersistedNonceSource({ store, reserveAheadUs, now: () => now }).next();
    // The old rule (mark = nonce + block) put this 1000 blocks (1000 s) ahead; now it stays within one block.
    expect(aheadOf(next, now)).toBeLessThanOrEqual(reserveAheadUs + 1001);
    expect(aheadOf(next, now)).toBeGreaterThan(0);
  });

  it('never repeats a nonce across restarts, and stays within a block of the highest clock seen, even with the clock stepped back', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            // Clock movement before a restart: mostly forward, sometimes stepped back by up to 10 s.
            stepMs: fc.integer({ min: -10_000, max: 50 }),
            calls: fc.integer({ min: 1, max: 5 }),
          }),
          { minLength: 1, maxLength: 100 },
        ),
        fc.integer({ min: 1, max: 2_000_000 }),
        (lives, reserveAheadUs) => {
          const store = memoryFloorStore();
          let now = START_MS;
          let highestClock = now;
          let issued = 0;
          let last: string | undefined;
          for (const life of lives) {
            now += life.stepMs;
            highestClock = Math.max(highestClock, now);
            const source = createPersistedNonceSource({ store, reserveAheadUs, now: () => now });
            for (let call = 0; call < life.calls; call += 1) {
              const nonce = source.next();
              issued += 1;
              if (last !== undefined && compareNonces(nonce, last) <= 0) return false;
              last = nonce;
              if (aheadOf(nonce, highestClock) > reserveAheadUs + issued) return false;
            }
          }
          return true;
        },
      ),
    );
  });
});
