import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareNonces,
  createFileNonceSource,
  createPersistedNonceSource,
  memoryFloorStore,
  NonceError,
} from '../src/nonce/index.js';

const dir = mkdtempSync(join(tmpdir(), 'krakenkit-nonce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function maxOf(nonces: readonly string[]): string {
  return nonces.reduce((a, b) => (compareNonces(a, b) >= 0 ? a : b));
}

describe('persisted nonce floor', () => {
  it('a restarted process on the same file never reuses a nonce, even with the clock an hour back', () => {
    const path = join(dir, 'restart.nonce');
    let now = 1_700_000_000_000;
    const before = createFileNonceSource({ path, now: () => now });
    const issued = Array.from({ length: 5_000 }, () => before.next());

    now -= 3_600_000; // "restart" with a clock that went backwards
    const after = createFileNonceSource({ path, now: () => now });
    const next = after.next();
    expect(compareNonces(next, maxOf(issued))).toBeGreaterThan(0);
    expect(compareNonces(after.next(), next)).toBeGreaterThan(0);
  });

  it('writes ahead in blocks, not once per call', () => {
    const store = memoryFloorStore();
    let now = 1_700_000_000_000;
    const source = createPersistedNonceSource({ store, now: () => now, reserveAheadUs: 1_000_000 });
    for (let i = 0; i < 10_000; i += 1) {
      source.next();
      if (i % 100 === 0) now += 10; // 1 s of wall time in total
    }
    expect(store.writes).toBeGreaterThan(0);
    expect(store.writes).toBeLessThanOrEqual(3);
  });

  it('always has a durable mark at or above every nonce it returned (crash at any point)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5_000, max: 3_000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 50_000 }),
        (steps, reserve) => {
          const store = memoryFloorStore();
          let now = 1_700_000_000_000;
          let index = 0;
          const source = createPersistedNonceSource({ store, reserveAheadUs: reserve, now: () => now });
          let ok = true;
          for (const _ of steps) {
            now += steps[index++] ?? 0;
            const nonce = source.next();
            const mark = store.read();
            ok &&= mark !== undefined && compareNonces(mark, nonce) >= 0;
          }
          // A new source after a crash at the very last call starts above everything issued.
          const restarted = createPersistedNonceSource({
            store,
            reserveAheadUs: reserve,
            now: () => now - 10_000,
          });
          const mark = store.read() as string;
          ok &&= compareNonces(restarted.next(), mark) > 0;
          expect(ok).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the file to one line of digits, replaced atomically', () => {
    const path = join(dir, 'format.nonce');
    const source = createFileNonceSource({ path, now: () => 1_700_000_000_000 });
    const nonce = source.next();
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^\d+\n$/);
    expect(compareNonces(text.trim(), nonce)).toBeGreaterThanOrEqual(0);
  });

  it('refuses a damaged floor file instead of guessing', () => {
    const path = join(dir, 'damaged.nonce');
    writeFileSync(path, 'not a number\n');
    expect(() => createFileNonceSource({ path })).toThrow(NonceError);
  });
});
