import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABSENT, hashKey, KeyIndex } from '../src/rate-limit/key-index.js';

// The order registry finds txids and cl_ord_ids through an open-addressing table with backward-shift deletion.
// Over random sets, inserts-if-absent, deletes and renumberings it must answer exactly as a Map does. Hashes are
// drawn from a few values, so probes run long, wrap around the table's end, and deletions have entries to move
// back (or to leave where they are).

type Op =
  | { kind: 'set' | 'set-if-absent'; key: number; value: number }
  | { kind: 'delete'; key: number }
  | { kind: 'delete-if-value'; key: number; value: number }
  | { kind: 'get'; key: number }
  | { kind: 'renumber'; shift: number }
  | { kind: 'clear' };

const key = fc.nat(40);
const value = fc.nat(30);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constantFrom('set' as const, 'set-if-absent' as const), key, value }),
    weight: 8,
  },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), key }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('delete-if-value' as const), key, value }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('get' as const), key }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('renumber' as const), shift: fc.nat(5) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('clear' as const) }), weight: 1 },
);

/**
 * Hash functions: mostly each key's hash drawn from -6…6, so keys share home slots at both ends of any table size
 * (-1 is the last slot) and probes wrap around; now and then the real hash.
 */
const hashing = fc.oneof(
  {
    arbitrary: fc
      .array(fc.integer({ min: -6, max: 6 }), { minLength: 41, maxLength: 41 })
      .map((hashes) => (name: string) => hashes[Number(name.slice(1))]!),
    weight: 4,
  },
  { arbitrary: fc.constant(hashKey), weight: 1 },
);

describe('the key index', () => {
  it('answers every get, set and delete as a Map does, with colliding hashes and renumberings', () => {
    fc.assert(
      fc.property(hashing, fc.array(op, { maxLength: 400, size: 'max' }), (hashOf, ops) => {
        const index = new KeyIndex();
        const map = new Map<string, number>();
        for (const action of ops) {
          if (action.kind === 'clear') {
            index.clear();
            map.clear();
            continue;
          }
          if (action.kind === 'renumber') {
            index.renumber((old) => old + action.shift);
            for (const [name, old] of map) map.set(name, old + action.shift);
            continue;
          }
          const name = `k${action.key}`;
          const hash = hashOf(name);
          const before = map.get(name) ?? ABSENT;
          switch (action.kind) {
            case 'set':
              expect(index.set(name, action.value, hash)).toBe(before);
              map.set(name, action.value);
              break;
            case 'set-if-absent':
              expect(index.setIfAbsent(name, action.value, hash)).toBe(before);
              if (before === ABSENT) map.set(name, action.value);
              break;
            case 'delete':
              expect(index.delete(name, hash)).toBe(map.delete(name));
              break;
            case 'delete-if-value': {
              const removes = before === action.value;
              expect(index.deleteIfValue(name, action.value, hash)).toBe(removes);
              if (removes) map.delete(name);
              break;
            }
            case 'get':
              expect(index.get(name, hash)).toBe(before);
              break;
          }
          expect(index.size).toBe(map.size);
        }
        for (let id = 0; id <= 40; id++) {
          const name = `k${id}`;
          expect(index.get(name, hashOf(name))).toBe(map.get(name) ?? ABSENT);
        }
      }),
      // A failure is reported as drawn: shrinking hundreds of steps would take many minutes.
      { numRuns: 300, endOnFailure: true },
    );
  });

  it('keeps tens of thousands of keys coming and going, found by the hash it computes itself', () => {
    const index = new KeyIndex();
    let misses = 0;
    for (let serial = 0; serial < 60_000; serial++) {
      if (index.setIfAbsent(`O${serial}-ABCDE`, serial) !== ABSENT) misses += 1;
      if (serial >= 10_000 && !index.delete(`O${serial - 10_000}-ABCDE`)) misses += 1;
    }
    expect(misses).toBe(0);
    expect(index.size).toBe(10_000);
    expect(index.get('O49999-ABCDE')).toBe(ABSENT);
    expect(index.get('O50000-ABCDE')).toBe(50_000);
    expect(index.get('O59999-ABCDE')).toBe(59_999);
  });
});
