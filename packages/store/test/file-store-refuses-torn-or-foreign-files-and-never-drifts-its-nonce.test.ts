import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreCorruptError } from '@krakenkit/core/store';
import { createFileStore } from '@krakenkit/store';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeClock } from './support/harness.js';

const root = mkdtempSync(join(tmpdir(), 'krakenkit-torn-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(): string {
  dirs += 1;
  return join(root, `s${dirs}`);
}

describe('the file store after crashes', () => {
  it('starts the next nonce at max(clock, last issued + 1): never below a granted one, never ahead of the clock', async () => {
    const dir = freshDir();
    const clock = fakeClock(1_700_000_000_000);
    const first = await createFileStore({ dir, now: clock.now });
    const granted = await first.beginCall('acct', { window: 0, leaseMs: 10 });
    expect(granted).toEqual({ granted: true, nonce: '1700000000000000' });
    await first.endCall('acct', '1700000000000000');
    // A process gone without closing the store: a new one on the same directory, whose clock is 5 s behind,
    // still goes up by exactly one (the floor is the last nonce issued, not a block reserved ahead of it).
    const behind = fakeClock(1_699_999_995_000);
    const second = await createFileStore({ dir, now: behind.now });
    await expect(second.beginCall('acct', { window: 0, leaseMs: 10 })).resolves.toEqual({
      granted: true,
      nonce: '1700000000000001',
    });
    // A clock ahead is taken as it is: no drift ahead of it after any number of restarts.
    const ahead = fakeClock(1_700_000_000_500);
    const third = await createFileStore({ dir, now: ahead.now });
    await expect(third.beginCall('acct', { window: 0, leaseMs: 10 })).resolves.toEqual({
      granted: true,
      nonce: '1700000000500000',
    });
  });

  it('names a torn or foreign state file in a StoreCorruptError and does not quote its content', async () => {
    const dir = freshDir();
    const store = await createFileStore({ dir });
    await store.charge('acct', { counter: 'rest', cost: 1, max: 10, decayPerSecond: 1 });
    writeFileSync(join(dir, 'acct', 'counters.json'), '{"v":1,"counters":{"rest":[1,');
    const torn = await store
      .charge('acct', { counter: 'rest', cost: 1, max: 10, decayPerSecond: 1 })
      .catch((e) => e);
    expect(torn).toBeInstanceOf(StoreCorruptError);
    expect((torn as Error).message).toContain('acct/counters.json');
    writeFileSync(join(dir, 'acct', 'nonce.json'), JSON.stringify({ secretish: 'do-not-echo-me', v: 1 }));
    const foreign = await store.beginCall('acct', { window: 0, leaseMs: 10 }).catch((e) => e);
    expect(foreign).toBeInstanceOf(StoreCorruptError);
    expect((foreign as Error).message).toContain('acct/nonce.json');
    expect((foreign as Error).message).not.toContain('do-not-echo-me');
  });

  it('reads a counter written without the exact mark as not exact, and refuses a mark it does not know', async () => {
    const dir = freshDir();
    const clock = fakeClock(1_700_000_000_000);
    const store = await createFileStore({ dir, now: clock.now });
    const rest = { counter: 'rest', cost: 1, max: 3, decayPerSecond: 1 };
    await store.charge('acct', { ...rest, cost: 2 });
    const file = join(dir, 'acct', 'counters.json');
    // What the store wrote: the level of a burst from empty is exact, so the exact fit is granted.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      v: 1,
      counters: { rest: [2, 1_700_000_000_000, 1] },
    });
    // As an older store wrote it, without the mark: taken as not exact, so the exact fit waits for the margin.
    writeFileSync(file, JSON.stringify({ v: 1, counters: { rest: [2, 1_700_000_000_000] } }));
    expect(await store.charge('acct', rest)).toEqual({ granted: false, level: 2, retryInMs: 1 });
    writeFileSync(file, JSON.stringify({ v: 1, counters: { rest: [2, 1_700_000_000_000, 1] } }));
    expect(await store.charge('acct', rest)).toEqual({ granted: true, level: 3, retryInMs: 0 });
    writeFileSync(file, JSON.stringify({ v: 1, counters: { rest: [2, 1_700_000_000_000, 'e'] } }));
    await expect(store.charge('acct', rest)).rejects.toBeInstanceOf(StoreCorruptError);
  });

  it('ignores a journal line cut short by a crash, and the next writer replaces it', async () => {
    const dir = freshDir();
    const store = await createFileStore({ dir });
    await store.commit('acct', { stream: 'guard', expectedSeq: 0, entries: ['a', 'b'] });
    const file = join(dir, 'acct', 'journals', 'guard.jsonl');
    appendFileSync(file, '{"s":3,"e":"half-writ');
    const other = await createFileStore({ dir });
    expect(await other.readJournal('acct', 'guard', 0)).toMatchObject({ seq: 2 });
    await expect(
      other.commit('acct', { stream: 'guard', expectedSeq: 2, entries: ['c'] }),
    ).resolves.toMatchObject({
      status: 'appended',
      seq: 3,
    });
    expect(readFileSync(file, 'utf8')).not.toContain('half-writ');
    expect((await store.readJournal('acct', 'guard', 0)).entries.map((e) => e.entry)).toEqual([
      'a',
      'b',
      'c',
    ]);
    appendFileSync(file, '{"s":9,"e":"out of order"}\n');
    const gap = await store.readJournal('acct', 'guard', 0).catch((e) => e);
    expect(gap).toBeInstanceOf(StoreCorruptError);
    expect((gap as Error).message).toContain('acct/journals/guard.jsonl');
  });

  it('sees what another store on the same directory wrote, across compactions', async () => {
    const dir = freshDir();
    const [one, two] = [await createFileStore({ dir }), await createFileStore({ dir })];
    await one.commit('acct', { stream: 'guard', expectedSeq: 0, entries: ['a', 'b', 'c'] });
    expect((await two.readJournal('acct', 'guard', 0)).seq).toBe(3);
    await one.compactJournal('acct', 'guard', 2, 'S2');
    await one.commit('acct', { stream: 'guard', expectedSeq: 3, entries: ['d'] });
    expect(await two.readJournal('acct', 'guard', 1)).toEqual({
      seq: 4,
      snapshot: { seq: 2, state: 'S2' },
      entries: [
        { seq: 3, entry: 'c' },
        { seq: 4, entry: 'd' },
      ],
    });
    await two.commit('acct', { stream: 'guard', expectedSeq: 4, entries: ['e'] });
    expect((await one.readJournal('acct', 'guard', 4)).entries).toEqual([{ seq: 5, entry: 'e' }]);
  });
});
