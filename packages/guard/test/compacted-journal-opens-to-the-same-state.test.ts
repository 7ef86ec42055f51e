import type { WithdrawIntent } from '@krakenkit/guard';
import { describe, expect, it } from 'vitest';
import { longOf, SharedWorld } from './support/shared-world.js';

const withdrawal: WithdrawIntent = {
  kind: 'withdraw',
  asset: 'ZUSD',
  key: 'cold-wallet',
  amount: '250',
  apiKey: { name: 'withdrawer', permissions: ['funds_withdraw'] },
};

describe('compaction of the guard journal', () => {
  it('lets a process that opens afterwards start from the snapshot and hold the same state', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair({ compactEvery: 4 });
    for (let round = 0; round < 5; round += 1) {
      const guard = round % 2 === 0 ? a : b;
      const { ref } = await guard.reserve(longOf(1, { clOrdId: `c-${round}` }));
      await guard.apply({ type: 'order-accepted', ref: ref ?? '', txid: `OC-${round}` });
      await guard.apply({
        type: 'order-filled',
        order: `OC-${round}`,
        volume: '0.01',
        price: '50000',
        fee: '1',
      });
      world.clock.advance(1_000);
    }
    const sent = await b.reserve(withdrawal);
    await b.apply({ type: 'withdrawal-sent', ref: sent.ref ?? '' });
    await a.setTradingState('REDUCING', 'end of day');
    await a.reserve({ kind: 'cancel', orderIds: ['OC-0'] });
    await a.sync(); // the cancel's counter charge is journaled behind the cancel: wait for it

    const read = await world.store.readJournal(world.account, 'guard', 0);
    expect(read.snapshot?.seq).toBeGreaterThan(0); // entries were compacted away
    expect(read.entries.length).toBeLessThan(read.seq);

    const late = await world.open('c', { compactEvery: 4 });
    await a.sync();
    await b.sync();
    expect(late.exportState()).toBe(a.exportState());
    expect(late.exportState()).toBe(b.exportState());
    expect(late.positions()).toHaveLength(5);
    expect(late.tradingState()).toEqual({ state: 'REDUCING', reason: 'end of day' });
    expect(late.snapshot().withdrawals24hUsd).toBe('250');
  });
});
