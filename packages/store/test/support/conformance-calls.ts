import type { StateStore } from '@krakenkit/core/store';
import { expect, it } from 'vitest';
import { afterTime, type StoreUnderTest, tick, unique } from './harness.js';

const LONG = 60_000;

async function granted(store: StateStore, account: string, window: number, leaseMs = LONG): Promise<bigint> {
  const answer = await store.beginCall(account, { window, leaseMs });
  if (!answer.granted) throw new Error(`beginCall refused (retry in ${answer.retryInMs} ms)`);
  return BigInt(answer.nonce);
}

/** beginCall/endCall: nonce order and the window rule. */
export function callTests(subject: () => StoreUnderTest): void {
  it('grants strictly increasing nonces, one after another and many at once, never the same twice', async () => {
    const { store } = subject();
    const account = unique('acct');
    const seen: bigint[] = [];
    for (let i = 0; i < 40; i += 1) {
      const nonce = await granted(store, account, 0);
      seen.push(nonce);
      await store.endCall(account, nonce.toString());
    }
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]).toBeGreaterThan(seen[i - 1] as bigint);
    const wide = 10n ** 15n; // every call fits: they are all in flight at once
    const together = await Promise.all(
      Array.from({ length: 30 }, () => granted(store, account, Number(wide))),
    );
    expect(new Set(together).size).toBe(30);
    for (const nonce of together) expect(nonce).toBeGreaterThan(seen.at(-1) as bigint);
  });

  it('keeps accounts apart: a call in flight on one account does not hold back another', async () => {
    const { store } = subject();
    await granted(store, unique('acct'), 0);
    await expect(granted(store, unique('acct'), 0)).resolves.toBeGreaterThan(0n);
  });

  it('with window 0, refuses a second call until the first ends, and endCall is idempotent', async () => {
    const { store } = subject();
    const account = unique('acct');
    const first = await granted(store, account, 0);
    const refused = await store.beginCall(account, { window: 0, leaseMs: LONG });
    expect(refused).toEqual({ granted: false, retryInMs: expect.any(Number) });
    expect(refused.granted === false && refused.retryInMs > 0).toBe(true);
    await store.endCall(account, first.toString());
    await store.endCall(account, first.toString());
    await store.endCall(account, '12345'); // never issued: nothing to end, no error
    const second = await granted(store, account, 0);
    expect(second).toBeGreaterThan(first);
  });

  it('with window 0, frees the slot of a call never ended once its lease passes', async () => {
    const subjectNow = subject();
    const { store } = subjectNow;
    const account = unique('acct');
    const started = Date.now();
    const first = await granted(store, account, 0, 150);
    const during = await store.beginCall(account, { window: 0, leaseMs: 150 });
    // On a real clock a slow store (a busy disk's fsync) may answer after the lease has passed: the slot is then
    // rightly free, and only an answer given within the lease says whether the call still held it.
    if (subjectNow.advance !== undefined || Date.now() - started < 150) expect(during.granted).toBe(false);
    else if (during.granted) await store.endCall(account, during.nonce);
    let next: bigint | undefined;
    await afterTime(
      subjectNow,
      150,
      async () => {
        const answer = await store.beginCall(account, { window: 0, leaseMs: LONG });
        if (answer.granted) next = BigInt(answer.nonce);
        return answer.granted;
      },
      'the expired slot to free the key',
    );
    expect(next).toBeGreaterThan(first);
  });

  it('with window W, grants a call only while its nonce is within W of the oldest call in flight', async () => {
    const subjectNow = subject();
    const { store } = subjectNow;
    const account = unique('acct');
    const window = 20_000; // 20 ms of microsecond nonces
    const oldest = await granted(store, account, window);
    const inFlight = [oldest];
    let refusedAt: bigint | undefined;
    while (refusedAt === undefined) {
      tick(subjectNow);
      const answer = await store.beginCall(account, { window, leaseMs: LONG });
      if (answer.granted) {
        const nonce = BigInt(answer.nonce);
        expect(nonce - oldest).toBeLessThanOrEqual(BigInt(window));
        expect(nonce).toBeGreaterThan(inFlight.at(-1) as bigint);
        inFlight.push(nonce);
      } else {
        refusedAt = inFlight.at(-1);
      }
    }
    // Ending the oldest moves the window on: the next call is measured from the second oldest.
    for (const nonce of inFlight) await store.endCall(account, nonce.toString());
    await expect(granted(store, account, window)).resolves.toBeGreaterThan(refusedAt);
  });
}

/** charge/counterLevel: Kraken's decaying counters. */
export function counterTests(subject: () => StoreUnderTest, fakeTime: boolean): void {
  it('charges within max, refuses beyond it with the time the decay needs, and lets the level decay', async () => {
    const subjectNow = subject();
    const { store } = subjectNow;
    const account = unique('acct');
    // Slow enough that a loaded machine never lets it decay between two calls on a real clock (Redis).
    const counter = { counter: 'rest', max: 10, decayPerSecond: 2 };
    expect(await store.counterLevel(account, 'rest', 2)).toBe(0);
    const first = await store.charge(account, { ...counter, cost: 10 });
    expect(first).toEqual({ granted: true, level: 10, retryInMs: 0 });
    // Before the ask: the store's moment of refusal is later, however late its answer comes back here.
    const askedAt = Date.now();
    const refused = await store.charge(account, { ...counter, cost: 4 });
    expect(refused.granted).toBe(false);
    // 4 units over max at 2 per second: 2 s from the first charge (and a ms for the margin below max), less
    // whatever has decayed since.
    expect(refused.retryInMs).toBeGreaterThan(0);
    expect(refused.retryInMs).toBeLessThanOrEqual(2001);
    expect(refused.level).toBeGreaterThan(6);
    expect(refused.level).toBeLessThanOrEqual(10);
    await afterTime(
      subjectNow,
      refused.retryInMs,
      async () => (await store.charge(account, { ...counter, cost: 4 })).granted,
      'the counter to decay enough for the charge',
    );
    // The answer was not early: it fit only once the time it named had passed (a real clock needs it all).
    if (subjectNow.advance === undefined)
      expect(Date.now() - askedAt).toBeGreaterThanOrEqual(refused.retryInMs - 5);
    expect(await store.counterLevel(account, 'rest', 2)).toBeLessThanOrEqual(10);
  });

  // Exact figures need the store's clock in hand; on a real clock the test above bounds them.
  if (fakeTime)
    it('names the exact wait, to the first ms past the boundary, and a counter without decay never frees', async () => {
      const subjectNow = subject();
      const { store } = subjectNow;
      const account = unique('acct');
      await store.charge(account, { counter: 'c', cost: 3, max: 4, decayPerSecond: 0.5 });
      // 2 units over at 0.5 a second: the boundary (level 1 + 3 = 4) is 4,000 ms away; a decayed level fits
      // only with the margin to spare, so the first ms past it.
      expect(await store.charge(account, { counter: 'c', cost: 3, max: 4, decayPerSecond: 0.5 })).toEqual({
        granted: false,
        level: 3,
        retryInMs: 4001,
      });
      subjectNow.advance?.(4000);
      expect(
        (await store.charge(account, { counter: 'c', cost: 3, max: 4, decayPerSecond: 0.5 })).granted,
      ).toBe(false);
      subjectNow.advance?.(1);
      expect(
        (await store.charge(account, { counter: 'c', cost: 3, max: 4, decayPerSecond: 0.5 })).granted,
      ).toBe(true);
      await store.charge(account, { counter: 'flat', cost: 1, max: 1, decayPerSecond: 0 });
      const never = await store.charge(account, { counter: 'flat', cost: 1, max: 1, decayPerSecond: 0 });
      expect(never).toEqual({ granted: false, level: 1, retryInMs: Number.POSITIVE_INFINITY });
    });

  if (fakeTime)
    it('grants a burst from empty the whole max, and an exact fit on a decayed level the first ms past it', async () => {
      const subjectNow = subject();
      const { store } = subjectNow;
      const account = unique('acct');
      const counter = { counter: 'c', max: 3, decayPerSecond: 1 };
      // From empty and before any decay, whole costs sum exactly: the whole max at once, as Kraken grants it.
      expect(await store.charge(account, { ...counter, cost: 1 })).toEqual({
        granted: true,
        level: 1,
        retryInMs: 0,
      });
      expect(await store.charge(account, { ...counter, cost: 2 })).toEqual({
        granted: true,
        level: 3,
        retryInMs: 0,
      });
      // A second on the level has decayed to 2, with the decay's rounding in it: a cost of 1 fits exactly on max,
      // which the exchange's own rounding may put a hair over. It waits for the margin: the next ms.
      subjectNow.advance?.(1000);
      expect(await store.charge(account, { ...counter, cost: 1 })).toEqual({
        granted: false,
        level: 2,
        retryInMs: 1,
      });
      subjectNow.advance?.(1);
      expect((await store.charge(account, { ...counter, cost: 1 })).granted).toBe(true);
      // Once the counter has surely drained, it is exact again: the whole max at once.
      subjectNow.advance?.(4000);
      expect(await store.charge(account, { ...counter, cost: 3 })).toEqual({
        granted: true,
        level: 3,
        retryInMs: 0,
      });
      // A forced charge (a correction of any size) leaves the sum not exact: an exact fit after it waits too.
      const forced = { counter: 'f', max: 3, decayPerSecond: 1 };
      await store.charge(account, { ...forced, cost: 1, force: true });
      expect(await store.charge(account, { ...forced, cost: 2 })).toMatchObject({
        granted: false,
        retryInMs: 1,
      });
    });

  it('always takes a forced charge, even above max', async () => {
    const { store } = subject();
    const account = unique('acct');
    await store.charge(account, { counter: 'rest', cost: 10, max: 10, decayPerSecond: 0 });
    const forced = await store.charge(account, {
      counter: 'rest',
      cost: 2,
      max: 10,
      decayPerSecond: 0,
      force: true,
    });
    expect(forced).toEqual({ granted: true, level: 12, retryInMs: 0 });
    expect(await store.counterLevel(account, 'rest', 0)).toBe(12);
  });
}
