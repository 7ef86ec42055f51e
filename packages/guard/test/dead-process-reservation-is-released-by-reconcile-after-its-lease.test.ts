import { describe, expect, it } from 'vitest';
import { EMPTY_ACCOUNT, longOf, SharedWorld, usdUsed } from './support/shared-world.js';

const LEASE_MS = 60_000;

describe('a reservation whose process died before the answer came', () => {
  it('holds its headroom until its lease ends, then a reconcile that does not show it releases it', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair({ leaseMs: LEASE_MS });
    expect((await a.reserve(longOf(15, { clOrdId: 'a-1' }))).allowed).toBe(true);
    // a dies here: it never reports the order's answer.

    world.clock.advance(LEASE_MS - 1);
    const early = await b.reconcile(EMPTY_ACCOUNT);
    expect(early).toMatchObject({ keptInFlight: 1, expiredInFlight: 0 });
    expect(usdUsed(b)).toBe(15_000);
    expect((await b.reserve(longOf(6))).allowed).toBe(false);

    world.clock.advance(1);
    const late = await b.reconcile(EMPTY_ACCOUNT);
    expect(late).toMatchObject({ keptInFlight: 0, expiredInFlight: 1 });
    expect(late.pools).toEqual({ USD: { before: '15000', after: '0' } });
    expect(b.orders()).toEqual([]);
    expect((await b.reserve(longOf(20))).allowed).toBe(true);
  });

  it('that did reach the exchange is counted once, as the exchange’s order, whatever the lease', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair({ leaseMs: LEASE_MS });
    const reserved = await a.reserve(longOf(15, { clOrdId: 'a-1' }));
    world.clock.advance(LEASE_MS * 2);
    const onTheBook = {
      openPositions: {},
      openOrders: {
        open: {
          'OAAA-1': {
            status: 'open',
            cl_ord_id: 'a-1',
            descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '50000', leverage: '5:1' },
            vol: '0.3',
            vol_exec: '0',
          },
        },
      },
    } as const;
    expect(await b.reconcile(onTheBook)).toMatchObject({ orders: 1, keptInFlight: 0, expiredInFlight: 0 });
    expect(usdUsed(b)).toBe(15_000);
    // The order is still a's: it answers to its reservation id, and a reports its fills.
    await a.sync();
    expect(await a.apply({ type: 'order-accepted', ref: reserved.ref ?? '', txid: 'OAAA-1' })).toBe(true);
    expect(await b.apply({ type: 'order-filled', order: 'OAAA-1', volume: '0.3', price: '50000' })).toBe(
      false,
    );
    expect(await a.apply({ type: 'order-filled', order: 'OAAA-1', volume: '0.3', price: '50000' })).toBe(
      true,
    );
    await b.sync();
    expect(b.positions()).toMatchObject([{ id: 'OAAA-1', volume: '0.3' }]);
    expect(usdUsed(b)).toBe(15_000);
  });
});
