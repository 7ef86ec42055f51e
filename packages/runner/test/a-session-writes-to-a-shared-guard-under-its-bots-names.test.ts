import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardInstanceOf } from '../src/engine/session-guard.js';

// What a shared guard accepts as an instance name, and what a bot name may be (the config's `label`).
const INSTANCE = /^[A-Za-z0-9_.:-]{1,64}$/;
const botName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/);

describe("a session's name in a shared guard's journal", () => {
  it("is its bots' names, sorted: the same at every restart whatever their order in the file", () => {
    expect(guardInstanceOf(['grid', 'dca'])).toBe('dca:grid');
    expect(guardInstanceOf(['dca', 'grid', 'dca'])).toBe('dca:grid');
  });

  it('is always a valid instance name, hashed when the names are too long, and independent of their order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(botName, { minLength: 1, maxLength: 12 }), (names) => {
        const name = guardInstanceOf(names);
        expect(name).toMatch(INSTANCE);
        expect(guardInstanceOf([...names].reverse())).toBe(name);
      }),
    );
    const long = Array.from({ length: 5 }, (_, index) => `bot-number-${index}-with-a-long-name`);
    expect(guardInstanceOf(long)).toMatch(/^_[0-9a-f]{40}$/);
  });

  it("differs between two sessions whose bots differ, so neither reports the other's orders", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(botName, { minLength: 1, maxLength: 8 }),
        fc.uniqueArray(botName, { minLength: 1, maxLength: 8 }),
        (a, b) => {
          fc.pre(new Set(a).size !== new Set(b).size || a.some((name) => !b.includes(name)));
          expect(guardInstanceOf(a)).not.toBe(guardInstanceOf(b));
        },
      ),
    );
  });
});
