import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountIdOf } from '@krakenkit/core/store';
import { createGuard, GUARD_CODES, type WithdrawIntent } from '@krakenkit/guard';
import { createSharedGuard } from '@krakenkit/guard/shared';
import { createFileStore } from '@krakenkit/store';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './support/guard-factory.js';
import { EMPTY_ACCOUNT, RULES, SharedWorld } from './support/shared-world.js';

const STARTER = { ...RULES, tier: 'starter' as const };
const withdrawal = (amount: string): WithdrawIntent => ({
  kind: 'withdraw',
  asset: 'ZUSD',
  key: 'cold-wallet',
  amount,
  apiKey: { name: 'withdrawer', permissions: ['funds_withdraw'] },
});

describe('the 24-hour withdrawal window of a shared guard', () => {
  it('outlives the process: after a restart, a second Starter withdrawal of 4,999 USD is refused', async () => {
    const world = new SharedWorld();
    const before = await world.open('bot', {}, STARTER);
    await before.seed(EMPTY_ACCOUNT);
    const first = await before.reserve(withdrawal('4999'));
    expect(first.allowed).toBe(true);
    expect(await before.apply({ type: 'withdrawal-sent', ref: first.ref ?? '' })).toBe(true);

    // The process restarts: a new guard, same store. A guard that forgot the window would allow it ...
    world.clock.advance(60 * 60 * 1000);
    expect(createGuard(STARTER, EMPTY_ACCOUNT).check(withdrawal('4999')).allowed).toBe(true);
    // ... the restarted shared guard reads it back from the journal.
    const after = await world.open('bot', {}, STARTER);
    const second = await after.reserve(withdrawal('4999'));
    expect(second.allowed).toBe(false);
    expect(second.violations.map((v) => v.code)).toEqual([GUARD_CODES.withdrawalDailyLimit]);
    expect(second.violations[0]?.message).toContain('withdrawals in the last 24 h total 4999 USD');

    // A day after the first, the window has room again.
    world.clock.advance(23 * 60 * 60 * 1000);
    expect((await after.reserve(withdrawal('4999'))).allowed).toBe(true);
  });

  it('counts one process’s withdrawal in flight against another’s', async () => {
    const world = new SharedWorld();
    const a = await world.open('a', {}, STARTER);
    await a.seed(EMPTY_ACCOUNT);
    const b = await world.open('b', {}, STARTER);
    expect((await a.reserve(withdrawal('3000'))).allowed).toBe(true);
    expect((await b.reserve(withdrawal('3000'))).allowed).toBe(false);
    expect((await b.reserve(withdrawal('2000'))).allowed).toBe(true);
  });

  it('outlives the store process too: a durable directory store, closed and opened again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'krakenkit-guard-window-'));
    const clock = new ManualClock();
    const account = accountIdOf('durable-window-key');
    try {
      const first = await createFileStore({ dir, now: clock.read });
      const before = await createSharedGuard(STARTER, { store: first, account, clock: clock.read });
      await before.seed(EMPTY_ACCOUNT);
      expect((await before.reserve(withdrawal('4999'))).allowed).toBe(true);
      await first.close();

      const second = await createFileStore({ dir, now: clock.read });
      const after = await createSharedGuard(STARTER, { store: second, account, clock: clock.read });
      expect((await after.reserve(withdrawal('4999'))).allowed).toBe(false);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
