import { StoreUnavailableError } from '@krakenkit/core/store';
import { describe, expect, it } from 'vitest';
import { longOf, SharedWorld, usdUsed } from './support/shared-world.js';

describe('a shared guard whose store is down', () => {
  it('refuses reservations and outcomes with StoreUnavailableError, reserving nothing; works once it is back', async () => {
    const world = new SharedWorld();
    const [a] = await world.pair();
    const { ref } = await a.reserve(longOf(5));
    world.store.down = true;
    await expect(a.reserve(longOf(1))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(a.apply({ type: 'order-accepted', ref: ref ?? '', txid: 'O1' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(a.setTradingState('HALTED')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(a.orders()).toMatchObject([{ ref, status: 'in-flight' }]);
    expect(usdUsed(a)).toBe(5_000);
    // A cancel is never held back, store or not.
    expect((await a.reserve({ kind: 'cancel', orderIds: [ref ?? ''] })).allowed).toBe(true);

    world.store.down = false;
    expect((await a.reserve(longOf(1))).allowed).toBe(true);
    expect(await a.apply({ type: 'order-accepted', ref: ref ?? '', txid: 'O1' })).toBe(true);
    expect(usdUsed(a)).toBe(6_000);
  });

  it('releases a reservation whose commit took effect though its answer was lost, so it is never counted twice', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    world.store.loseNextAnswer = true;
    await expect(a.reserve(longOf(12))).rejects.toBeInstanceOf(StoreUnavailableError);
    // The caller was told it failed, so it sent nothing; yet the reservation is in the journal.
    await b.sync();
    expect(usdUsed(b)).toBe(12_000);
    expect(usdUsed(a)).toBe(0);

    // The caller tries again. a finds its lost reservation in the journal, releases it, then reserves anew.
    const again = await a.reserve(longOf(12));
    expect(again.allowed).toBe(true);
    await b.sync();
    for (const guard of [a, b]) {
      expect(usdUsed(guard)).toBe(12_000);
      expect(guard.orders().map((order) => order.ref)).toEqual([again.ref]);
    }
  });

  it('forgets a lost commit that never took effect', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    world.store.down = true;
    await expect(a.reserve(longOf(12))).rejects.toBeInstanceOf(StoreUnavailableError);
    world.store.down = false;
    const placed = await a.reserve(longOf(12));
    // The failed reservation never existed: its ref is free again.
    expect(placed).toMatchObject({ allowed: true, ref: 'a.R1' });
    await b.sync();
    expect(b.orders().map((order) => order.ref)).toEqual([placed.ref]);
    expect(usdUsed(b)).toBe(12_000);
  });
});
