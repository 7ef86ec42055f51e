import { describe, expect, it } from 'vitest';
import { compareNonces, createPersistedNonceSource, type NonceFloorStore } from '../src/nonce/index.js';

/** A floor store whose writes fail while `failing` is set (a full disk, a read-only mount). */
function flakyStore(): NonceFloorStore & { failing: boolean; mark: string | undefined } {
  const store = {
    failing: false,
    mark: undefined as string | undefined,
    read: () => store.mark,
    write(value: string) {
      if (store.failing) throw new Error('ENOSPC: no space left on device');
      store.mark = value;
    },
  };
  return store;
}

describe('persisted nonce floor after a failed write', () => {
  it('never hands out a nonce above the durable mark, so a restart cannot reuse it', () => {
    const store = flakyStore();
    let now = 1_700_000_000_000;
    const source = createPersistedNonceSource({ store, now: () => now, reserveAheadUs: 1_000 });
    source.next();
    now += 10; // past the reserved block: the next nonce needs a new mark
    store.failing = true;
    expect(() => source.next()).toThrow(/ENOSPC/);
    // The call that failed was not sent; the next one must not go out on a mark that was never written.
    const issued: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      try {
        issued.push(source.next());
      } catch {
        // refusing is fine: nothing is sent
      }
    }
    for (const nonce of issued) expect(compareNonces(nonce, store.mark ?? '0')).toBeLessThanOrEqual(0);

    // And once the store works again, a process restarted on it starts above everything issued.
    store.failing = false;
    const last = source.next();
    now -= 60_000;
    const restarted = createPersistedNonceSource({ store, now: () => now, reserveAheadUs: 1_000 });
    const first = restarted.next();
    for (const nonce of [...issued, last]) expect(compareNonces(first, nonce)).toBeGreaterThan(0);
  });
});
