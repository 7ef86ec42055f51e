/**
 * A reconcile replaces the guard's orders and positions with a snapshot read from the exchange some time before.
 * An order cancelled in between (the guard applied its cancel after the snapshot was read) was revived as open:
 * it held its headroom again, and the guard refused orders it should allow, until the next reconcile. A fill the
 * guard applied in between was undone, with the position it opened. `reconcile(snapshot, { readAt })` now says
 * when the snapshot was read: what the guard learned at or after that time is kept.
 */
import { ValidationError } from '@krakenkit/client';
import { createGuard, type Guard, type GuardConfig, type OrderIntent } from '@krakenkit/guard';
import { describe, expect, it } from 'vitest';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { EMPTY_ACCOUNT, ManualClock, marginOrder, T0 } from './support/guard-factory.js';
import { longOf, SharedWorld, usdUsed } from './support/shared-world.js';

const RULES: GuardConfig = {
  tier: 'intermediate',
  assetPairs: ASSET_PAIRS,
  allowances: { USD: { allowance: '100000', fiat: true, aliases: ['ZUSD'] } },
};

/** A margin buy of 1 BTC at 60,000: 60,000 USD held in the USD pool while it rests. */
const REST: OrderIntent = { ...marginOrder('XBTUSD', 'buy', '1', '60000'), clOrdId: 'rest-1' };

/** 0.8 BTC at 60,000 borrows 48,000 USD: it fits the 100,000 allowance, but not beside the resting 60,000. */
const NEXT: OrderIntent = { ...REST, volume: '0.8', clOrdId: 'next-1' };

/** A guard with REST accepted as O-REST at T0. */
function resting(): { guard: Guard; clock: ManualClock } {
  const clock = new ManualClock();
  const guard = createGuard(RULES, EMPTY_ACCOUNT, { clock: clock.read });
  const placed = guard.reserve(REST);
  expect(placed.allowed).toBe(true);
  guard.apply({ type: 'order-accepted', ref: placed.ref ?? '', txid: 'O-REST' });
  return { guard, clock };
}

/** The exchange's view with O-REST open, `volExec` of it filled (its position, when any, as TPOS-1). */
function snapshotWithRest(volExec = '0') {
  const positions =
    volExec === '0'
      ? {}
      : {
          'TPOS-1': {
            ordertxid: 'O-REST',
            posstatus: 'open',
            pair: 'XXBTZUSD',
            time: T0 / 1000,
            type: 'buy' as const,
            cost: String(Number(volExec) * 60_000),
            vol: volExec,
            vol_closed: '0',
          },
        };
  return {
    openOrders: {
      open: {
        'O-REST': {
          status: 'open',
          cl_ord_id: 'rest-1',
          opentm: T0 / 1000,
          descr: {
            pair: 'XBTUSD',
            type: 'buy' as const,
            ordertype: 'limit',
            price: '60000',
            leverage: '5:1',
          },
          vol: '1',
          vol_exec: volExec,
        },
      },
    },
    openPositions: positions,
  };
}

function usdPool(guard: { snapshot: Guard['snapshot'] }) {
  const pool = guard.snapshot().pools.find((entry) => entry.currency === 'USD');
  return { positions: pool?.positions ?? '0', orders: pool?.orders ?? '0' };
}

describe('a reconcile given when its snapshot was read (readAt)', () => {
  it('does not revive an order the guard saw cancelled after the read: its headroom stays free', () => {
    const { guard, clock } = resting();
    expect(guard.check(NEXT).allowed).toBe(false);
    clock.advance(1_000);
    const readAt = clock.now; // OpenOrders is asked now; its answer still shows O-REST open
    clock.advance(500);
    guard.apply({ type: 'order-cancelled', order: 'O-REST' });
    clock.advance(500);

    const report = guard.reconcile(snapshotWithRest(), { readAt });
    expect(report.orders).toBe(0);
    expect(guard.orders()).toEqual([]);
    expect(usdPool(guard)).toEqual({ positions: '0', orders: '0' });
    expect(guard.check(NEXT).allowed).toBe(true);
  });

  it('also when the cancel was applied in the very millisecond the snapshot was asked for', () => {
    const { guard, clock } = resting();
    clock.advance(1_000);
    guard.apply({ type: 'order-cancelled', order: 'O-REST' });
    guard.reconcile(snapshotWithRest(), { readAt: clock.now });
    expect(guard.orders()).toEqual([]);
    expect(guard.check(NEXT).allowed).toBe(true);
  });

  it('takes an order cancelled before the read from the snapshot: the exchange says it is open', () => {
    const { guard, clock } = resting();
    clock.advance(1_000);
    guard.apply({ type: 'order-cancelled', order: 'O-REST' });
    clock.advance(1);
    const readAt = clock.now;
    clock.advance(1_000);

    guard.reconcile(snapshotWithRest(), { readAt });
    expect(guard.orders()).toEqual([expect.objectContaining({ txid: 'O-REST', status: 'open' })]);
    expect(usdPool(guard).orders).toBe('60000');
    expect(guard.check(NEXT).allowed).toBe(false);
  });

  it('without readAt, replaces orders with the snapshot as before (the cancelled order is open again)', () => {
    const { guard, clock } = resting();
    clock.advance(1_000);
    guard.apply({ type: 'order-cancelled', order: 'O-REST' });
    clock.advance(1_000);

    guard.reconcile(snapshotWithRest());
    expect(guard.orders()).toEqual([expect.objectContaining({ txid: 'O-REST' })]);
    expect(guard.check(NEXT).allowed).toBe(false);
    guard.reconcile(snapshotWithRest(), {});
    expect(guard.orders()).toEqual([expect.objectContaining({ txid: 'O-REST' })]);
  });

  it('keeps an order placed after the read, which the snapshot cannot show', () => {
    const { guard, clock } = resting();
    clock.advance(1_000);
    const readAt = clock.now;
    clock.advance(500);
    const next = guard.reserve({ ...NEXT, volume: '0.5' });
    expect(next.allowed).toBe(true);
    guard.apply({ type: 'order-accepted', ref: next.ref ?? '', txid: 'O-NEXT' });

    guard.reconcile(snapshotWithRest(), { readAt });
    expect(guard.orders().map((order) => order.txid)).toEqual(['O-REST', 'O-NEXT']);
    expect(usdPool(guard).orders).toBe('90000');
    // Without readAt the snapshot is all there is: the newer order is dropped, as before.
    guard.reconcile(snapshotWithRest());
    expect(guard.orders().map((order) => order.txid)).toEqual(['O-REST']);
  });

  it('keeps a fill applied after the read: the order’s filled volume and the position it opened', () => {
    const { guard, clock } = resting();
    clock.advance(1_000);
    const readAt = clock.now;
    clock.advance(500);
    guard.apply({ type: 'order-filled', order: 'O-REST', volume: '0.4', price: '60000', filledTotal: '0.4' });
    const learned = { positions: '24000', orders: '36000' };
    expect(usdPool(guard)).toEqual(learned);

    guard.reconcile(snapshotWithRest('0'), { readAt });
    expect(guard.orders()).toEqual([expect.objectContaining({ txid: 'O-REST', filled: '0.4' })]);
    expect(guard.positions()).toEqual([
      expect.objectContaining({ id: 'O-REST', side: 'buy', volume: '0.4', cost: '24000' }),
    ]);
    expect(usdPool(guard)).toEqual(learned);

    // A repeat of the fill's report (no execution id) adds nothing: the order already holds it.
    guard.apply({ type: 'order-filled', order: 'O-REST', volume: '0.4', price: '60000', filledTotal: '0.4' });
    expect(guard.positions()).toEqual([expect.objectContaining({ volume: '0.4' })]);
    expect(usdPool(guard)).toEqual(learned);
  });

  it('takes the snapshot’s executed volume when it holds more than the guard saw', () => {
    const { guard, clock } = resting();
    clock.advance(1_000);
    guard.reconcile(snapshotWithRest('0.4'), { readAt: clock.now - 100 });
    expect(guard.orders()).toEqual([expect.objectContaining({ txid: 'O-REST', filled: '0.4' })]);
    expect(guard.positions()).toEqual([expect.objectContaining({ id: 'TPOS-1', volume: '0.4' })]);
    expect(usdPool(guard)).toEqual({ positions: '24000', orders: '36000' });
  });

  it('keeps a fill and then a cancel after the read: the position stays, the order is not revived', () => {
    const { guard, clock } = resting();
    clock.advance(1_000);
    const readAt = clock.now;
    clock.advance(500);
    guard.apply({ type: 'order-filled', order: 'O-REST', volume: '0.4', price: '60000', filledTotal: '0.4' });
    guard.apply({ type: 'order-cancelled', order: 'O-REST' });

    guard.reconcile(snapshotWithRest('0'), { readAt });
    expect(guard.orders()).toEqual([]);
    expect(guard.positions()).toEqual([expect.objectContaining({ id: 'O-REST', volume: '0.4' })]);
    expect(usdPool(guard)).toEqual({ positions: '24000', orders: '0' });

    // The cancelled order is still kept for a fill reported late: it counts, once.
    const late = {
      type: 'order-filled',
      order: 'O-REST',
      volume: '0.2',
      price: '60000',
      filledTotal: '0.6',
    } as const;
    expect(guard.apply(late)).toBe(true);
    expect(usdPool(guard)).toEqual({ positions: '36000', orders: '0' });
    guard.apply(late);
    expect(usdPool(guard)).toEqual({ positions: '36000', orders: '0' });
  });

  it('refuses a readAt that is not a finite non-negative time, naming it, and changes nothing', () => {
    const { guard, clock } = resting();
    clock.advance(1_000);
    guard.apply({ type: 'order-cancelled', order: 'O-REST' });
    for (const readAt of [-1, Number.NaN, Number.POSITIVE_INFINITY, '1000', null]) {
      let thrown: unknown;
      try {
        guard.reconcile(snapshotWithRest(), { readAt: readAt as number });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as ValidationError).field).toBe('readAt');
    }
    expect(guard.orders()).toEqual([]);
    expect(guard.forBot('maker').reconcile(snapshotWithRest(), { readAt: clock.now }).orders).toBe(0);
  });
});

describe('a shared guard’s reconcile with readAt', () => {
  it('gives every process the same result: the order cancelled after the read stays ended', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    const placed = await a.reserve(longOf(10, { clOrdId: 'rest-1' })); // 10,000 of the 20,000 USD
    expect(placed.allowed).toBe(true);
    await a.apply({ type: 'order-accepted', ref: placed.ref ?? '', txid: 'O-REST' });
    world.clock.advance(1_000);
    const readAt = world.clock.now;
    world.clock.advance(500);
    await a.apply({ type: 'order-cancelled', order: 'O-REST' });
    const snapshot = {
      openOrders: {
        open: {
          'O-REST': {
            status: 'open',
            cl_ord_id: 'rest-1',
            descr: {
              pair: 'XBTUSD',
              type: 'buy' as const,
              ordertype: 'limit',
              price: '50000',
              leverage: '5:1',
            },
            vol: '0.2',
            vol_exec: '0',
          },
        },
      },
      openPositions: {},
    };

    await expect(b.reconcile(snapshot, { readAt: -5 })).rejects.toMatchObject({ field: 'readAt' });
    await b.reconcile(snapshot, { readAt });
    await a.sync();
    for (const guard of [a, b]) {
      expect(guard.orders()).toEqual([]);
      expect(usdUsed(guard)).toBe(0);
      expect(guard.check(longOf(15)).allowed).toBe(true);
    }
    expect(a.exportState()).toBe(b.exportState());
    // A process opened later folds the journal alike.
    const c = await world.open('c');
    expect(c.exportState()).toBe(b.exportState());
  });
});
