import { ValidationError } from '@krakenkit/core';
import { expect, it } from 'vitest';
import { type StoreUnderTest, unique } from './harness.js';

const COUNTER = { counter: 'rest', max: 10, decayPerSecond: 0 };

/** Hostile or malformed input: every store refuses it the same way, and none lets one account reach another. */
export function inputTests(subject: () => StoreUnderTest): void {
  it('refuses a charge or commit whose cost, max or decay is negative or not finite, and leaves the counter as it was', async () => {
    const { store } = subject();
    const account = unique('acct');
    await store.charge(account, { ...COUNTER, cost: 5 });
    // A negative cost would lower the counter: a way round Kraken's rate limit for whoever can pass one.
    for (const bad of [
      { ...COUNTER, cost: -5 },
      { ...COUNTER, cost: Number.NaN },
      { ...COUNTER, cost: 1, max: Number.POSITIVE_INFINITY },
      { ...COUNTER, cost: 1, decayPerSecond: -1 },
    ]) {
      await expect(store.charge(account, bad)).rejects.toBeInstanceOf(ValidationError);
      await expect(
        store.commit(account, { stream: 'guard', expectedSeq: 0, entries: ['e'], charges: [bad] }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await store.counterLevel(account, 'rest', 0)).toBe(5);
    expect(await store.readJournal(account, 'guard', 0)).toEqual({ seq: 0, entries: [] });
    await expect(store.counterLevel(account, 'rest', Number.NaN)).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a journal read or compaction at a seq that is not a whole number ≥ 0', async () => {
    const { store } = subject();
    const account = unique('acct');
    await store.commit(account, { stream: 'guard', expectedSeq: 0, entries: ['a', 'b'] });
    // A NaN or fractional afterSeq must not read as "nothing new": the reader would miss entries.
    for (const bad of [-1, 0.5, Number.NaN])
      await expect(store.readJournal(account, 'guard', bad)).rejects.toBeInstanceOf(ValidationError);
    await expect(store.compactJournal(account, 'guard', -1, 'state')).rejects.toBeInstanceOf(ValidationError);
    expect(await store.readJournal(account, 'guard', 0)).toEqual({
      seq: 2,
      entries: [
        { seq: 1, entry: 'a' },
        { seq: 2, entry: 'b' },
      ],
    });
  });

  it('refuses a lease for no time or a time that is not a number', async () => {
    const { store } = subject();
    const account = unique('acct');
    await expect(store.acquireLease(account, 'bot:a', 'pid-1', 0)).rejects.toBeInstanceOf(ValidationError);
    await expect(store.acquireLease(account, 'bot:a', 'pid-1', Number.NaN)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await store.listLeases(account, '')).toEqual([]);
    await store.acquireLease(account, 'bot:a', 'pid-1', 60_000);
    await expect(store.renewLease(account, 'bot:a', 'pid-1', -1)).rejects.toBeInstanceOf(ValidationError);
  });

  it('keeps accounts apart whatever characters their names hold', async () => {
    const { store } = subject();
    const id = unique('acct');
    // Names shaped so that, pasted into a key unescaped, one account's journal is another account's records.
    const a = id;
    const b = `${id}}:journal:s`;
    const stream = 's}:records';
    await store.commit(a, { stream, expectedSeq: 0, entries: ['a-1'] });
    expect(await store.listRecords(b, '')).toEqual([]);
    expect(await store.getRecord(b, 'seq')).toBeUndefined();
    await store.putRecord(b, 'seq', '7');
    expect(await store.readJournal(a, stream, 0)).toEqual({ seq: 1, entries: [{ seq: 1, entry: 'a-1' }] });
    for (const other of [`{${id}}`, `${id}}`, `{${id}`, `~${id}`, ''])
      expect(await store.getRecord(other, 'seq')).toBeUndefined();
    await store.putRecord('', 'k', 'empty account');
    expect(await store.getRecord('', 'k')).toBe('empty account');
    // An account name is never refused, but one with a lone surrogate must not meet the one with U+FFFD.
    await store.putRecord(`${id}\uD800`, 'k', 'lone surrogate');
    expect(await store.getRecord(`${id}\uFFFD`, 'k')).toBeUndefined();
    expect(await store.getRecord(`${id}\uD800`, 'k')).toBe('lone surrogate');
  });

  it('refuses a name or value that is not well-formed UTF-16 (a lone surrogate) rather than change it', async () => {
    const { store } = subject();
    const account = unique('acct');
    // A lone surrogate has no UTF-8 form: a store keeping UTF-8 would hand back U+FFFD, another value.
    await expect(store.putRecord(account, 'k', 'a\uD800b')).rejects.toBeInstanceOf(ValidationError);
    await expect(store.putRecord(account, '\uDC00', 'v')).rejects.toBeInstanceOf(ValidationError);
    await expect(
      store.commit(account, { stream: 'guard', expectedSeq: 0, entries: ['\uD800'] }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await store.listRecords(account, '')).toEqual([]);
    // A surrogate pair is fine: it is one character.
    await store.putRecord(account, 'emoji 🦑', 'squid 🦑');
    expect(await store.getRecord(account, 'emoji 🦑')).toBe('squid 🦑');
  });
}
