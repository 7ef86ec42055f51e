import { type StateStore, StoreClosedError } from '@krakenkit/core/store';
import { expect, it } from 'vitest';
import { afterTime, type StoreUnderTest, unique } from './harness.js';

/** acquireLease/renewLease/releaseLease/listLeases. */
export function leaseTests(subject: () => StoreUnderTest): void {
  it('refuses a lease another holder has, naming the holder, and lets the holder take it again', async () => {
    const { store } = subject();
    const account = unique('acct');
    const mine = await store.acquireLease(account, 'bot:grid', 'pid-1', 60_000);
    expect(mine).toEqual({ acquired: true, expiresAt: expect.any(Number) });
    const theirs = await store.acquireLease(account, 'bot:grid', 'pid-2', 60_000);
    expect(theirs).toEqual({ acquired: false, holder: 'pid-1', expiresAt: mine.expiresAt });
    expect((await store.acquireLease(account, 'bot:grid', 'pid-1', 60_000)).acquired).toBe(true);
    expect((await store.acquireLease(unique('acct'), 'bot:grid', 'pid-2', 60_000)).acquired).toBe(true);
  });

  it('renews only for its holder, and releases only for its holder', async () => {
    const { store } = subject();
    const account = unique('acct');
    const first = await store.acquireLease(account, 'bot:a', 'pid-1', 30_000);
    expect(await store.renewLease(account, 'bot:a', 'pid-2', 60_000)).toBe(false);
    expect(await store.renewLease(account, 'bot:a', 'pid-1', 60_000)).toBe(true);
    const [renewed] = await store.listLeases(account, 'bot:a');
    expect(renewed?.expiresAt).toBeGreaterThan(first.expiresAt);
    await store.releaseLease(account, 'bot:a', 'pid-2'); // not theirs: nothing happens
    expect(await store.listLeases(account, 'bot:')).toEqual([
      { name: 'bot:a', holder: 'pid-1', expiresAt: expect.any(Number) },
    ]);
    await store.releaseLease(account, 'bot:a', 'pid-1');
    expect(await store.listLeases(account, 'bot:')).toEqual([]);
    expect(await store.renewLease(account, 'bot:a', 'pid-1', 60_000)).toBe(false);
    expect((await store.acquireLease(account, 'bot:a', 'pid-2', 60_000)).acquired).toBe(true);
  });

  it('lets a lease expire when it is not renewed: it leaves the list and another holder may take it', async () => {
    const subjectNow = subject();
    const { store } = subjectNow;
    const account = unique('acct');
    await store.acquireLease(account, 'session:1', 'pid-1', 200);
    await afterTime(
      subjectNow,
      200,
      async () => (await store.listLeases(account, 'session:')).length === 0,
      'the lease to expire',
    );
    expect(await store.renewLease(account, 'session:1', 'pid-1', 60_000)).toBe(false);
    expect(await store.acquireLease(account, 'session:1', 'pid-2', 60_000)).toMatchObject({ acquired: true });
  });

  it('lists unexpired leases by name prefix, sorted by name', async () => {
    const { store } = subject();
    const account = unique('acct');
    for (const name of ['bot:b', 'session:x', 'bot:a', 'bot:c'])
      await store.acquireLease(account, name, `h-${name}`, 60_000);
    const listed = await store.listLeases(account, 'bot:');
    expect(listed.map((lease) => [lease.name, lease.holder])).toEqual([
      ['bot:a', 'h-bot:a'],
      ['bot:b', 'h-bot:b'],
      ['bot:c', 'h-bot:c'],
    ]);
    expect(await store.listLeases(account, '')).toHaveLength(4);
  });
}

/** getRecord/putRecord/deleteRecord/listRecords. */
export function recordTests(subject: () => StoreUnderTest): void {
  it('reads, replaces and deletes records, whatever characters their keys hold', async () => {
    const { store } = subject();
    const account = unique('acct');
    const keys = [
      'order/abc-1',
      'order/a b:c?*[x]',
      'order/ünï©ødé ✓',
      `order/${'long'.repeat(80)}`,
      'order/../../etc',
    ];
    expect(await store.getRecord(account, keys[0] as string)).toBeUndefined();
    for (const key of keys) await store.putRecord(account, key, `v1 ${key}`);
    for (const key of keys) expect(await store.getRecord(account, key)).toBe(`v1 ${key}`);
    await store.putRecord(account, keys[0] as string, 'v2');
    expect(await store.getRecord(account, keys[0] as string)).toBe('v2');
    await store.deleteRecord(account, keys[0] as string);
    await store.deleteRecord(account, keys[0] as string); // absent: no error
    expect(await store.getRecord(account, keys[0] as string)).toBeUndefined();
    expect(await store.getRecord(unique('acct'), keys[1] as string)).toBeUndefined();
    await store.putRecord(account, 'empty', '');
    expect(await store.getRecord(account, 'empty')).toBe('');
  });

  it('lists records by key prefix, sorted by key', async () => {
    const { store } = subject();
    const account = unique('acct');
    for (const key of ['o/2', 'p/1', 'o/10', 'o/1', 'o', 'oz'])
      await store.putRecord(account, key, key.toUpperCase());
    expect(await store.listRecords(account, 'o/')).toEqual([
      { key: 'o/1', value: 'O/1' },
      { key: 'o/10', value: 'O/10' },
      { key: 'o/2', value: 'O/2' },
    ]);
    expect((await store.listRecords(account, '')).map((record) => record.key)).toEqual([
      'o',
      'o/1',
      'o/10',
      'o/2',
      'oz',
      'p/1',
    ]);
    expect(await store.listRecords(account, 'q')).toEqual([]);
  });
}

const CALLS: Array<(store: StateStore) => Promise<unknown>> = [
  (s) => s.beginCall('a', { window: 0, leaseMs: 1000 }),
  (s) => s.endCall('a', '1'),
  (s) => s.charge('a', { counter: 'c', cost: 1, max: 1, decayPerSecond: 1 }),
  (s) => s.counterLevel('a', 'c', 1),
  (s) => s.commit('a', { stream: 's', expectedSeq: 0, entries: [] }),
  (s) => s.readJournal('a', 's', 0),
  (s) => s.compactJournal('a', 's', 0, ''),
  (s) => s.acquireLease('a', 'l', 'h', 1000),
  (s) => s.renewLease('a', 'l', 'h', 1000),
  (s) => s.releaseLease('a', 'l', 'h'),
  (s) => s.listLeases('a', ''),
  (s) => s.getRecord('a', 'k'),
  (s) => s.putRecord('a', 'k', 'v'),
  (s) => s.deleteRecord('a', 'k'),
  (s) => s.listRecords('a', ''),
];

/** close(): every later call fails with StoreClosedError. */
export function closeTests(open: () => Promise<StoreUnderTest>): void {
  it('fails every call after close with StoreClosedError', async () => {
    const { store } = await open();
    await store.close();
    for (const call of CALLS) await expect(call(store)).rejects.toBeInstanceOf(StoreClosedError);
  });
}
