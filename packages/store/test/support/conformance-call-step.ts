import { ValidationError } from '@krakenkit/core';
import type { CallAnswer, StateStore } from '@krakenkit/core/store';
import { expect, it } from 'vitest';
import { type StoreUnderTest, unique } from './harness.js';

const LONG = 60_000;
// No decay, so a real clock (Redis) never moves a level between two calls.
const REST = { counter: 'rest', max: 10, decayPerSecond: 0 };

function nonceOf(answer: CallAnswer): string {
  if (!answer.granted) throw new Error(`beginCall refused: ${JSON.stringify(answer)}`);
  return answer.nonce;
}

async function levelOf(
  store: StateStore,
  account: string,
  counter: { counter: string; decayPerSecond: number } = REST,
): Promise<number> {
  return store.counterLevel(account, counter.counter, counter.decayPerSecond);
}

/**
 * Waits as long as a refused step was told to: on the store's clock, moved by the test when it can be (memory,
 * file), else by waiting (Redis's clock is its own).
 */
function sleepFor(subject: StoreUnderTest, answer: CallAnswer): Promise<void> {
  const ms = answer.granted ? 0 : Math.min(1_000, Math.max(1, answer.retryInMs));
  if (subject.advance !== undefined) {
    subject.advance(ms);
    return Promise.resolve();
  }
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** beginCall's one atomic step: endings, charges and a journal append taken with the slot, or nothing but the endings. */
export function callStepTests(subject: () => StoreUnderTest): void {
  it("ends the caller's finished call, with its correction charge, in the step that grants the next", async () => {
    const { store } = subject();
    const account = unique('acct');
    const first = nonceOf(await store.beginCall(account, { window: 0, leaseMs: LONG }));
    const second = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      ending: [{ nonce: first, charges: [{ ...REST, cost: 0.5 }] }],
    });
    expect(BigInt(nonceOf(second))).toBeGreaterThan(BigInt(first));
    expect(await levelOf(store, account)).toBe(0.5);
    // The slot of the second call is held: a third waits for it.
    expect((await store.beginCall(account, { window: 0, leaseMs: LONG })).granted).toBe(false);
  });

  it('takes the charges with the slot, and a charge that does not fit takes neither', async () => {
    const { store } = subject();
    const account = unique('acct');
    const paid = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      charges: [{ ...REST, cost: 8 }],
    });
    expect(paid).toMatchObject({ granted: true, charges: [{ granted: true, level: 8, retryInMs: 0 }] });
    const over = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      ending: [{ nonce: nonceOf(paid) }],
      charges: [{ ...REST, cost: 4 }],
    });
    expect(over).toEqual({
      granted: false,
      retryInMs: Number.POSITIVE_INFINITY,
      charges: [{ granted: false, level: 8, retryInMs: Number.POSITIVE_INFINITY }],
    });
    expect(await levelOf(store, account)).toBe(8);
    // The refused call took no slot (and its ending freed the first): the next call goes at once.
    const free = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      charges: [{ ...REST, cost: 2 }],
    });
    expect(free).toMatchObject({ granted: true, charges: [{ granted: true, level: 10 }] });
  });

  it('appends the journal entries with the slot, or answers what the caller missed and takes nothing', async () => {
    const { store } = subject();
    const account = unique('acct');
    const stream = unique('guard');
    await store.commit(account, { stream, expectedSeq: 0, entries: ['other-1'] });
    const stale = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      charges: [{ ...REST, cost: 3 }],
      commit: { stream, expectedSeq: 0, entries: ['mine'] },
    });
    expect(stale).toEqual({
      granted: false,
      retryInMs: 0,
      stale: { seq: 1, missed: [{ seq: 1, entry: 'other-1' }] },
    });
    expect(await levelOf(store, account)).toBe(0);
    const caughtUp = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      charges: [{ ...REST, cost: 3 }],
      commit: { stream, expectedSeq: 1, entries: ['mine-a', 'mine-b'] },
    });
    expect(caughtUp).toMatchObject({ granted: true, seq: 3, charges: [{ granted: true, level: 3 }] });
    const read = await store.readJournal(account, stream, 0);
    expect(read.entries.map((entry) => entry.entry)).toEqual(['other-1', 'mine-a', 'mine-b']);
    // A busy slot refuses the call and appends nothing.
    const busy = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      commit: { stream, expectedSeq: 3, entries: ['too-early'] },
    });
    expect(busy.granted).toBe(false);
    expect((await store.readJournal(account, stream, 0)).seq).toBe(3);
  });

  it('ends calls even when the step is refused as stale', async () => {
    const { store } = subject();
    const account = unique('acct');
    const stream = unique('guard');
    const held = nonceOf(await store.beginCall(account, { window: 0, leaseMs: LONG }));
    await store.commit(account, { stream, expectedSeq: 0, entries: ['other'] });
    const stale = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      ending: [{ nonce: held }],
      commit: { stream, expectedSeq: 0, entries: ['mine'] },
    });
    expect(stale.granted).toBe(false);
    expect((await store.beginCall(account, { window: 0, leaseMs: LONG })).granted).toBe(true);
  });

  it("takes an ending's correction charge on endCall, even above max", async () => {
    const { store } = subject();
    const account = unique('acct');
    const nonce = nonceOf(
      await store.beginCall(account, { window: 0, leaseMs: LONG, charges: [{ ...REST, cost: 10 }] }),
    );
    await store.endCall(account, nonce, [{ ...REST, cost: 1.5 }]);
    expect(await levelOf(store, account)).toBe(11.5);
    expect((await store.beginCall(account, { window: 0, leaseMs: LONG })).granted).toBe(true);
  });

  it('hands a scarce unit to the caller that has waited longest, not to whoever asks first', async () => {
    const under = subject();
    const { store } = under;
    const account = unique('acct');
    // A unit a second: the first caller's refusal is told to wait about a second.
    const unit = { counter: 'budget', max: 10, decayPerSecond: 1 };
    const early = { id: 'early', graceMs: LONG };
    const late = { id: 'late', graceMs: LONG };
    const step = (waiter: typeof early, ending: string[] = []) =>
      store.beginCall(account, {
        window: 0,
        leaseMs: LONG,
        ending: ending.map((nonce) => ({ nonce })),
        charges: [{ ...unit, cost: 1 }],
        waiter,
      });
    const full = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      charges: [{ ...unit, cost: 10 }],
      waiter: late,
    });
    const refused = await step(early, [nonceOf(full)]);
    expect(refused).toMatchObject({ granted: false, charges: [{ granted: false }] });
    // The late caller is refused while the early one waits: at first for the counter, then for the queue.
    for (;;) {
      const answer = await step(late);
      expect(answer.granted).toBe(false);
      // Strictly below 9: an exact fit on a decayed level waits a ms more (the margin below max).
      if (!answer.granted && answer.retryInMs <= 10 && (await levelOf(store, account, unit)) < 9) break;
      await sleepFor(under, answer);
    }
    const first = await step(early);
    expect(first).toMatchObject({ granted: true, charges: [{ granted: true }] });
    // The early caller has had its unit: the late one now waits for the counter alone (and is first in line).
    const next = await step(late, [nonceOf(first)]);
    expect(next).toMatchObject({ granted: false });
    expect(!next.granted && next.retryInMs).toBeGreaterThan(10);
  });

  it('holds nobody up for a caller that waits under a lower max (a poll leaving headroom)', async () => {
    const under = subject();
    const { store } = under;
    const account = unique('acct');
    const unit = { counter: 'budget', max: 10, decayPerSecond: 1 };
    const full = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      charges: [{ ...unit, cost: 10 }],
    });
    // The poll may take the counter to 8 only: it queues first, for a long wait.
    const poll = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      ending: [{ nonce: nonceOf(full) }],
      charges: [{ ...unit, max: 8, cost: 1 }],
      waiter: { id: 'poll', graceMs: LONG },
    });
    expect(poll.granted).toBe(false);
    for (let asks = 0; ; asks += 1) {
      const answer = await store.beginCall(account, {
        window: 0,
        leaseMs: LONG,
        charges: [{ ...unit, cost: 1 }],
        waiter: { id: 'order', graceMs: LONG },
      });
      if (answer.granted) break;
      // Refused for the counter alone (about a second, or a ms for the margin below max at exactly 9), never for
      // the poll's place (10 ms at most).
      expect(answer.retryInMs > 10 || (await levelOf(store, account, unit)) >= 9).toBe(true);
      expect(asks).toBeLessThan(1_000);
      await sleepFor(under, answer);
    }
  });

  it('holds a poll (a lower max) up while a one-off call (a higher max) waits, whichever queued first', async () => {
    const under = subject();
    const { store } = under;
    const account = unique('acct');
    const unit = { counter: 'budget', max: 10, decayPerSecond: 4 };
    const full = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      charges: [{ ...unit, cost: 10 }],
    });
    const ask = (id: string, max: number, cost: number, ending: string[] = []) =>
      store.beginCall(account, {
        window: 0,
        leaseMs: LONG,
        ending: ending.map((nonce) => ({ nonce })),
        charges: [{ ...unit, max, cost }],
        waiter: { id, graceMs: LONG },
      });
    // The poll queues first; the one-off call, which needs more room than the poll, after it.
    expect((await ask('poll', 8, 1, [nonceOf(full)])).granted).toBe(false);
    expect((await ask('order', 10, 4)).granted).toBe(false);
    // The poll would fit from level 7 on, the call only from 6: the poll is refused until the call has had it.
    for (let asks = 0; ; asks += 1) {
      const poll = await ask('poll', 8, 1);
      expect(poll.granted).toBe(false);
      // Strictly below 6: an exact fit on a decayed level waits a ms more (the margin below max).
      if ((await levelOf(store, account, unit)) < 6) break;
      expect(asks).toBeLessThan(1_000);
      await sleepFor(under, poll);
    }
    expect(await ask('order', 10, 4)).toMatchObject({ granted: true });
  });

  it("lets the others go once a queued caller's place has lapsed", async () => {
    const under = subject();
    const { store } = under;
    const account = unique('acct');
    const unit = { counter: 'budget', max: 10, decayPerSecond: 1 };
    const full = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      charges: [{ ...unit, cost: 10 }],
    });
    // It queues with a grace of 1 ms, and never comes back.
    const gone = await store.beginCall(account, {
      window: 0,
      leaseMs: LONG,
      ending: [{ nonce: nonceOf(full) }],
      charges: [{ ...unit, cost: 1 }],
      waiter: { id: 'gone', graceMs: 1 },
    });
    expect(gone.granted).toBe(false);
    for (let asks = 0; ; asks += 1) {
      const answer = await store.beginCall(account, {
        window: 0,
        leaseMs: LONG,
        charges: [{ ...unit, cost: 1 }],
        waiter: { id: 'other', graceMs: LONG },
      });
      if (answer.granted) break;
      // About a second of waits at most: the unit decays in one, the lapsed place holds nobody up.
      expect(asks).toBeLessThan(1_000);
      await sleepFor(under, answer);
    }
  });

  it('refuses a waiter without a usable id or grace with a ValidationError naming the field', async () => {
    const { store } = subject();
    const account = unique('acct');
    const charges = [{ ...REST, cost: 1 }];
    await expect(
      store.beginCall(account, {
        window: 0,
        leaseMs: LONG,
        charges,
        waiter: { id: 'two words', graceMs: 10 },
      }),
    ).rejects.toMatchObject({ constructor: ValidationError, field: 'beginCall.waiter.id' });
    await expect(
      store.beginCall(account, { window: 0, leaseMs: LONG, charges, waiter: { id: 'x', graceMs: 0 } }),
    ).rejects.toMatchObject({ constructor: ValidationError, field: 'beginCall.waiter.graceMs' });
  });

  it('refuses a malformed step with a ValidationError naming the field, and takes nothing', async () => {
    const { store } = subject();
    const account = unique('acct');
    await expect(
      store.beginCall(account, { window: 0, leaseMs: LONG, charges: [{ ...REST, cost: Number.NaN }] }),
    ).rejects.toMatchObject({ constructor: ValidationError, field: 'beginCall.charges[].cost' });
    await expect(
      store.beginCall(account, {
        window: 0,
        leaseMs: LONG,
        commit: { stream: 's', expectedSeq: -1, entries: [] },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await store.beginCall(account, { window: 0, leaseMs: LONG })).granted).toBe(true);
  });
}
