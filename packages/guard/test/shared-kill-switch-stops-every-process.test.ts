import { GUARD_CODES } from '@krakenkit/guard';
import { describe, expect, it } from 'vitest';
import { longOf, SharedWorld } from './support/shared-world.js';

describe('the kill switch of a shared guard', () => {
  it('set by one process is seen by the other before its next reservation', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    await a.setTradingState('HALTED', 'operator: exchange incident');
    // b has not read the journal since: its own view still says ACTIVE ...
    expect(b.tradingState().state).toBe('ACTIVE');
    // ... but a reservation is journaled only at the journal's head, so b reads the switch first and refuses.
    const refused = await b.reserve(longOf(1));
    expect(refused.allowed).toBe(false);
    expect(refused.violations[0]).toMatchObject({
      code: GUARD_CODES.tradingHalted,
      message: expect.stringContaining('operator: exchange incident'),
    });
    expect(b.tradingState()).toEqual({ state: 'HALTED', reason: 'operator: exchange incident' });
    expect(b.orders()).toEqual([]);
    expect((await b.reserve({ kind: 'cancel', orderIds: ['OX'] })).allowed).toBe(true); // cancels still pass
  });

  it('released by one process lets every process trade again, and a new process starts in its state', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    await b.setTradingState('REDUCING', 'drawdown');
    const late = await world.open('c');
    expect(late.tradingState()).toEqual({ state: 'REDUCING', reason: 'drawdown' });
    await b.setTradingState('ACTIVE');
    expect((await a.reserve(longOf(1))).allowed).toBe(true);
    // A refusal is answered from the process's own view, with no store call: it sees the release once it reads.
    expect((await late.reserve(longOf(1))).allowed).toBe(false);
    await late.sync();
    expect((await late.reserve(longOf(1))).allowed).toBe(true);
  });

  it('refuses a state that is none before writing anything', async () => {
    const world = new SharedWorld();
    const [a] = await world.pair();
    const commits = world.store.commits;
    await expect(a.setTradingState('PAUSED' as never)).rejects.toThrow(/tradingState/);
    expect(world.store.commits).toBe(commits);
  });
});
