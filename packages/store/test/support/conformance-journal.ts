import type { CommitAnswer, JournalEntry, StateStore } from '@krakenkit/core/store';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type StoreUnderTest, unique } from './harness.js';

const charge = (cost: number) => ({ counter: 'orders', cost, max: 5, decayPerSecond: 0 });

/** commit/readJournal/compactJournal: the optimistic journal and its snapshots. */
export function journalTests(subject: () => StoreUnderTest): void {
  it('appends only at the expected seq, hands a stale writer what it missed, and keeps seq contiguous', async () => {
    const { store } = subject();
    const account = unique('acct');
    expect(await store.readJournal(account, 'guard', 0)).toEqual({ seq: 0, entries: [] });
    expect(await store.commit(account, { stream: 'guard', expectedSeq: 0, entries: ['a', 'b'] })).toEqual({
      status: 'appended',
      seq: 2,
      charges: [],
    });
    const stale = await store.commit(account, { stream: 'guard', expectedSeq: 1, entries: ['x'] });
    expect(stale).toEqual({ status: 'stale', seq: 2, missed: [{ seq: 2, entry: 'b' }] });
    expect(await store.commit(account, { stream: 'guard', expectedSeq: 2, entries: ['c'] })).toMatchObject({
      seq: 3,
    });
    expect(await store.commit(account, { stream: 'guard', expectedSeq: 3, entries: [] })).toMatchObject({
      seq: 3,
    });
    const read = await store.readJournal(account, 'guard', 0);
    expect(read).toEqual({ seq: 3, entries: entries('a', 'b', 'c') });
    expect(await store.readJournal(account, 'guard', 2)).toEqual({
      seq: 3,
      entries: [{ seq: 3, entry: 'c' }],
    });
    expect(await store.readJournal(account, 'other', 0)).toEqual({ seq: 0, entries: [] });
  });

  it('takes all of a commit’s charges or none, and appends nothing when one does not fit', async () => {
    const { store } = subject();
    const account = unique('acct');
    const fits = await store.commit(account, {
      stream: 'guard',
      expectedSeq: 0,
      entries: ['reserve 1'],
      charges: [charge(2), { ...charge(1), counter: 'BTC/USD' }, charge(2)],
    });
    expect(fits).toEqual({
      status: 'appended',
      seq: 1,
      charges: [
        { granted: true, level: 2, retryInMs: 0 },
        { granted: true, level: 1, retryInMs: 0 },
        { granted: true, level: 4, retryInMs: 0 }, // the second charge of one counter sees the first
      ],
    });
    const tooMuch = await store.commit(account, {
      stream: 'guard',
      expectedSeq: 1,
      entries: ['reserve 2'],
      charges: [{ ...charge(3), counter: 'BTC/USD' }, charge(2)],
    });
    expect(tooMuch).toEqual({
      status: 'refused',
      seq: 1,
      charges: [
        { granted: true, level: 4, retryInMs: 0 },
        { granted: false, level: 4, retryInMs: Number.POSITIVE_INFINITY },
      ],
    });
    expect(await store.counterLevel(account, 'BTC/USD', 0)).toBe(1); // the granted half was not kept
    expect(await store.counterLevel(account, 'orders', 0)).toBe(4);
    expect((await store.readJournal(account, 'guard', 0)).seq).toBe(1);
  });

  it('compacts into a snapshot: readers behind it get it, readers past it do not, an older one is ignored', async () => {
    const { store } = subject();
    const account = unique('acct');
    await store.commit(account, { stream: 'guard', expectedSeq: 0, entries: ['a', 'b', 'c', 'd'] });
    await store.compactJournal(account, 'guard', 2, 'state@2');
    expect(await store.readJournal(account, 'guard', 0)).toEqual({
      seq: 4,
      snapshot: { seq: 2, state: 'state@2' },
      entries: [
        { seq: 3, entry: 'c' },
        { seq: 4, entry: 'd' },
      ],
    });
    expect(await store.readJournal(account, 'guard', 3)).toEqual({
      seq: 4,
      entries: [{ seq: 4, entry: 'd' }],
    });
    await store.compactJournal(account, 'guard', 1, 'older'); // ignored
    await store.compactJournal(account, 'guard', 9, 'future'); // beyond the journal: ignored
    expect((await store.readJournal(account, 'guard', 0)).snapshot).toEqual({ seq: 2, state: 'state@2' });
    const stale = await store.commit(account, { stream: 'guard', expectedSeq: 1, entries: ['e'] });
    expect(stale).toEqual({
      status: 'stale',
      seq: 4,
      missed: [
        { seq: 3, entry: 'c' },
        { seq: 4, entry: 'd' },
      ],
      snapshot: { seq: 2, state: 'state@2' },
    });
    expect(await store.commit(account, { stream: 'guard', expectedSeq: 4, entries: ['e'] })).toMatchObject({
      seq: 5,
    });
    await store.compactJournal(account, 'guard', 5, 'state@5');
    expect(await store.readJournal(account, 'guard', 0)).toEqual({
      seq: 5,
      snapshot: { seq: 5, state: 'state@5' },
      entries: [],
    });
    expect(await store.commit(account, { stream: 'guard', expectedSeq: 5, entries: ['f'] })).toMatchObject({
      seq: 6,
    });
    expect((await store.readJournal(account, 'guard', 5)).entries).toEqual([{ seq: 6, entry: 'f' }]);
  });

  it('orders the commits of two writers racing on one journal into one log without gaps or duplicates', async () => {
    const { store } = subject();
    const account = unique('acct');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ writer: fc.constantFrom(0, 1), count: fc.integer({ min: 0, max: 3 }) }), {
          maxLength: 12,
        }),
        fc.scheduler(),
        async (plan, scheduler) => {
          const stream = unique('race');
          const appended: string[] = [];
          // Each writer is one sequential process (its steps chain); the scheduler interleaves the two.
          const writers = [0, 1].map((id) => ({ id, applied: 0, chain: Promise.resolve() }));
          const commitStep = async (writer: (typeof writers)[number], batch: string[]): Promise<void> => {
            for (;;) {
              const expectedSeq = writer.applied;
              const answer: CommitAnswer = await store.commit(account, {
                stream,
                expectedSeq,
                entries: batch,
              });
              if (answer.status === 'appended') {
                writer.applied = answer.seq;
                appended.push(...batch);
                return;
              }
              if (answer.status !== 'stale') throw new Error(`unexpected ${answer.status}`);
              expect(answer.missed.map((entry) => entry.seq)).toEqual(range(expectedSeq + 1, answer.seq));
              writer.applied = answer.seq;
            }
          };
          plan.forEach((step, n) => {
            const writer = writers[step.writer] as (typeof writers)[number];
            const batch = Array.from({ length: step.count }, (_, i) => `w${writer.id}/${n}.${i}`);
            writer.chain = writer.chain.then(() =>
              scheduler
                .schedule(Promise.resolve(), `writer ${writer.id} step ${n}`)
                .then(() => commitStep(writer, batch)),
            );
          });
          const runs = writers.map((writer) => writer.chain);
          await scheduler.waitFor(Promise.all(runs));
          const read = await store.readJournal(account, stream, 0);
          expect(read.entries.map((entry) => entry.seq)).toEqual(range(1, read.seq));
          expect(read.entries.map((entry) => entry.entry).sort()).toEqual([...appended].sort());
          expect(new Set(appended).size).toBe(appended.length);
        },
      ),
    );
  });
}

function entries(...values: string[]): JournalEntry[] {
  return values.map((entry, i) => ({ seq: i + 1, entry }));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** A helper for tests that need a store method by name. */
export type StoreMethod = keyof Omit<StateStore, 'kind' | 'location'>;
