import { createGuard, type Guard } from '@krakenkit/guard';
import { describe, expect, it } from 'vitest';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { ManualClock, T0 } from './support/guard-factory.js';

// Kraken charges an amend, edit or cancel by the seconds since the order was placed or last amended.
const SECOND = 1000;
const BUY = { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.01', price: '50000' } as const;

function guardWith(
  seed: Parameters<typeof createGuard>[1] = { openOrders: { open: {} }, openPositions: {} },
) {
  const clock = new ManualClock();
  const guard = createGuard({ tier: 'intermediate', assetPairs: ASSET_PAIRS }, seed, { clock: clock.read });
  return { guard, clock };
}

const counter = (guard: Guard): number =>
  guard.snapshot().pairs.find((p) => p.pair === 'XBTUSD')?.rateCounter ?? 0;

/** What checking `intent` adds to the XBTUSD counter, read at one instant (no decay between the reads). */
function costOf(guard: Guard, intent: Parameters<Guard['reserve']>[0]): number {
  const before = counter(guard);
  guard.reserve(intent);
  return counter(guard) - before;
}

function openOrder(guard: Guard): string {
  const { ref } = guard.reserve(BUY);
  if (ref === undefined) throw new Error('expected the order to be allowed');
  guard.apply({ type: 'order-accepted', ref, txid: 'OAMEND-1' });
  return ref;
}

describe('the age an amend or cancel is charged by', () => {
  it('restarts when an amend is accepted: a cancel 40 s after it costs the under-45 s price, not the 47 s one', () => {
    const { guard, clock } = guardWith();
    const ref = openOrder(guard);
    clock.advance(7 * SECOND);
    // An amend 7 s after placing: +1 fixed, +2 for an order under 10 s old.
    const amend = guard.reserve({ kind: 'amend', orderId: ref, volume: '0.02' });
    expect(amend.allowed).toBe(true);
    guard.apply({ type: 'amend-accepted', ref: amend.ref ?? '' });
    clock.advance(40 * SECOND);
    expect(costOf(guard, { kind: 'cancel', orderIds: [ref] })).toBe(4);
  });

  it('does not restart for an amend that was refused', () => {
    const { guard, clock } = guardWith();
    const ref = openOrder(guard);
    clock.advance(7 * SECOND);
    const amend = guard.reserve({ kind: 'amend', orderId: ref, volume: '0.02' });
    guard.apply({ type: 'amend-rejected', ref: amend.ref ?? '' });
    clock.advance(40 * SECOND);
    // 47 s since it was placed: the 45 – 90 s column.
    expect(costOf(guard, { kind: 'cancel', orderIds: [ref] })).toBe(2);
  });

  it('prices a second amend by the time since the first', () => {
    const { guard, clock } = guardWith();
    const ref = openOrder(guard);
    clock.advance(20 * SECOND);
    const first = guard.reserve({ kind: 'amend', orderId: ref, price: '49900' });
    guard.apply({ type: 'amend-accepted', ref: first.ref ?? '' });
    clock.advance(3 * SECOND);
    // 3 s after the first amend (23 s after placing): +1 fixed, +3 for under 5 s.
    expect(costOf(guard, { kind: 'amend', orderId: ref, price: '49800' })).toBe(4);
  });

  it('takes an order the exchange lists as amended, at an unknown time, as amended when the guard read it', () => {
    const placed = T0 / SECOND - 100;
    const open = (misc: string) => ({
      status: 'open',
      opentm: placed,
      descr: { pair: 'XBTUSD', type: 'buy' as const, ordertype: 'limit', price: '50000', leverage: 'none' },
      vol: '0.01',
      vol_exec: '0',
      misc,
    });
    const amended = guardWith({ openOrders: { open: { 'OSEED-1': open('amended') } }, openPositions: {} });
    // The youngest it can be: under 5 s, the dearest cancel.
    expect(costOf(amended.guard, { kind: 'cancel', orderIds: ['OSEED-1'] })).toBe(8);
    const untouched = guardWith({ openOrders: { open: { 'OSEED-1': open('') } }, openPositions: {} });
    // Placed 100 s ago and never amended: the 90 – 300 s column.
    expect(costOf(untouched.guard, { kind: 'cancel', orderIds: ['OSEED-1'] })).toBe(1);
  });

  it('keeps the age it saw restart when a reconcile reads the same order back', () => {
    const { guard, clock } = guardWith();
    const ref = openOrder(guard);
    clock.advance(60 * SECOND);
    const amend = guard.reserve({ kind: 'amend', orderId: ref, volume: '0.02' });
    guard.apply({ type: 'amend-accepted', ref: amend.ref ?? '' });
    clock.advance(20 * SECOND);
    guard.reconcile({
      openOrders: {
        open: {
          'OAMEND-1': {
            status: 'open',
            opentm: T0 / SECOND,
            descr: {
              pair: 'XBTUSD',
              type: 'buy' as const,
              ordertype: 'limit',
              price: '50000',
              leverage: 'none',
            },
            vol: '0.02',
            vol_exec: '0',
          },
        },
      },
      openPositions: {},
    });
    // 20 s after the amend it saw (80 s after placing): the 15 – 45 s column.
    expect(costOf(guard, { kind: 'cancel', orderIds: ['OAMEND-1'] })).toBe(4);
  });

  it('survives an export and import, and reads a version-1 export (createdAt) as the same age', () => {
    const { guard, clock } = guardWith();
    const ref = openOrder(guard);
    clock.advance(30 * SECOND);
    const amend = guard.reserve({ kind: 'amend', orderId: ref, volume: '0.02' });
    guard.apply({ type: 'amend-accepted', ref: amend.ref ?? '' });
    const exported = guard.exportState();
    const state = JSON.parse(exported) as { version: number; orders: { changedAt: number }[] };
    expect(state.version).toBe(2);
    expect(state.orders[0]?.changedAt).toBe(T0 + 30 * SECOND);

    const copy = guardWith();
    copy.clock.now = clock.now + 10 * SECOND;
    copy.guard.importState(exported);
    expect(costOf(copy.guard, { kind: 'cancel', orderIds: [ref] })).toBe(5);

    const { changedAt, ...order } = state.orders[0] as { changedAt: number };
    const version1 = JSON.stringify({ ...state, version: 1, orders: [{ ...order, createdAt: changedAt }] });
    const fromVersion1 = guardWith();
    fromVersion1.clock.now = clock.now + 10 * SECOND;
    fromVersion1.guard.importState(version1);
    expect(fromVersion1.guard.exportState()).toBe(exported);
  });
});
