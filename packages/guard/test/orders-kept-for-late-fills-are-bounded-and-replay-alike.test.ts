/**
 * An order ended by a cancel is kept for the fills Kraken reports after the cancel's answer (see
 * a-fill-reported-after-its-cancel-still-counts). What is kept is bounded, in count and in time, by the events'
 * own times; it is part of the exported state, so a guard that imports it, or a process folding the shared journal
 * (compacted or not), counts the same late fill alike; and a reconcile, whose positions already hold every fill,
 * drops it.
 */
import {
  createGuard,
  type ExchangeSnapshot,
  type Guard,
  type GuardConfig,
  type OpenOrderRaw,
} from '@krakenkit/guard';
import { describe, expect, it } from 'vitest';
import { ENDED_KEEP_COUNT, ENDED_KEEP_MS } from '../src/state/orders.js';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { EMPTY_ACCOUNT, ManualClock } from './support/guard-factory.js';
import { longOf, SharedWorld } from './support/shared-world.js';

const RULES: GuardConfig = {
  tier: 'intermediate',
  assetPairs: ASSET_PAIRS,
  allowances: { USD: { allowance: '100000', fiat: true, aliases: ['ZUSD'] } },
};

function plainGuard(seed: ExchangeSnapshot = EMPTY_ACCOUNT) {
  const clock = new ManualClock();
  return { guard: createGuard(RULES, seed, { clock: clock.read }), clock };
}

/** Reserves and accepts a margin buy of `volume` BTC at 60,000 as `txid`. */
function restingBuy(guard: Guard, txid: string, volume = '1'): void {
  const intent = {
    pair: 'XBTUSD',
    side: 'buy',
    orderType: 'limit',
    volume,
    price: '60000',
    leverage: '5',
  } as const;
  const ref = guard.reserve(intent).ref ?? '';
  guard.apply({ type: 'order-accepted', ref, txid });
}

const fillOf = (order: string, volume = '0.4') =>
  ({ type: 'order-filled', order, volume, price: '60000' }) as const;

/** `count` resting margin buys of 0.001 BTC as the exchange lists them: O-0, O-1, ... */
function manyOpenOrders(count: number): ExchangeSnapshot {
  const open: Record<string, OpenOrderRaw> = {};
  for (let i = 0; i < count; i += 1) {
    open[`O-${i}`] = {
      status: 'open',
      opentm: 1_700_000_000 + i,
      descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '60000', leverage: '5:1' },
      vol: '0.001',
      vol_exec: '0',
    };
  }
  return { openOrders: { open }, openPositions: {} };
}

describe('the orders kept for late fills', () => {
  it(`are at most ${ENDED_KEEP_COUNT}: the oldest ended goes first`, () => {
    const { guard } = plainGuard(manyOpenOrders(ENDED_KEEP_COUNT + 1));
    for (let i = 0; i <= ENDED_KEEP_COUNT; i += 1) guard.apply({ type: 'order-cancelled', order: `O-${i}` });
    expect(guard.orders()).toEqual([]);
    expect(guard.apply(fillOf('O-0', '0.001'))).toBe(false);
    expect(guard.apply(fillOf('O-1', '0.001'))).toBe(true);
    expect(guard.apply(fillOf(`O-${ENDED_KEEP_COUNT}`, '0.001'))).toBe(true);
    expect(guard.positions().map((position) => position.id)).toEqual(['O-1', `O-${ENDED_KEEP_COUNT}`]);
  });

  it(`are kept ${ENDED_KEEP_MS / 60_000} minutes after their cancel, by the times the events carry`, () => {
    const { guard, clock } = plainGuard();
    restingBuy(guard, 'O-OLD', '0.5');
    restingBuy(guard, 'O-EDGE', '0.5');
    guard.apply({ type: 'order-cancelled', order: 'O-OLD' });
    guard.apply({ type: 'order-cancelled', order: 'O-EDGE' });
    clock.advance(ENDED_KEEP_MS);
    expect(guard.apply(fillOf('O-EDGE'))).toBe(true);
    clock.advance(1);
    expect(guard.apply(fillOf('O-OLD'))).toBe(false);
    // The time is the event's, not the process's clock: a replay at the cancel's time still finds it.
    expect(guard.apply(fillOf('O-OLD'), { now: clock.now - ENDED_KEEP_MS })).toBe(true);
    expect(guard.positions().map((position) => position.volume)).toEqual(['0.4', '0.4']);
  });

  it(`are refused on import beyond ${ENDED_KEEP_COUNT}`, () => {
    const { guard } = plainGuard(manyOpenOrders(1));
    guard.apply({ type: 'order-cancelled', order: 'O-0' });
    const exported = JSON.parse(guard.exportState()) as { ended: { ref: string; txid: string }[] };
    expect(exported.ended).toHaveLength(1);
    const template = exported.ended[0] as { ref: string; txid: string };
    const withEnded = (count: number) =>
      JSON.stringify({
        ...exported,
        ended: Array.from({ length: count }, (_, i) => ({ ...template, ref: `O-${i}`, txid: `O-${i}` })),
      });
    const { guard: reader } = plainGuard();
    reader.importState(withEnded(ENDED_KEEP_COUNT));
    expect(reader.apply(fillOf(`O-${ENDED_KEEP_COUNT - 1}`, '0.001'))).toBe(true);
    expect(() => reader.importState(withEnded(ENDED_KEEP_COUNT + 1))).toThrow(/state\.ended/);
  });

  it('survive exportState → importState: the imported guard counts the late fill alike', () => {
    const { guard } = plainGuard();
    restingBuy(guard, 'O-REST');
    guard.apply({ type: 'order-cancelled', order: 'O-REST' });
    const text = guard.exportState();
    const { guard: copy } = plainGuard();
    copy.importState(text);
    expect(copy.exportState()).toBe(text);
    for (const each of [guard, copy]) {
      expect(each.apply(fillOf('O-REST'))).toBe(true);
      expect(each.positions()).toEqual([expect.objectContaining({ id: 'O-REST', volume: '0.4' })]);
    }
    expect(copy.exportState()).toBe(guard.exportState());
  });

  it('fold alike in every process sharing the journal, compacted or not, and only the owner reports', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair({ compactEvery: 4 });
    const { ref } = await a.reserve(longOf(10));
    await a.apply({ type: 'order-accepted', ref: ref ?? '', txid: 'O-SHARED' });
    await a.apply({ type: 'order-cancelled', order: 'O-SHARED' });
    world.clock.advance(1_000);
    // Opens from the compacted snapshot, which holds the ended order.
    const late = await world.open('c', { compactEvery: 4 });
    const read = await world.store.readJournal(world.account, 'guard', 0);
    expect(read.snapshot?.state).toContain('"ended"');

    const fill = { type: 'order-filled', order: 'O-SHARED', volume: '0.05', price: '50000' } as const;
    await b.sync();
    expect(await b.apply(fill)).toBe(false); // not b's order: its report of the fill is a's to make
    expect(await a.apply(fill)).toBe(true);
    for (const guard of [a, b, late]) {
      await guard.sync();
      expect(guard.positions()).toEqual([expect.objectContaining({ id: 'O-SHARED', volume: '0.05' })]);
      expect(guard.exportState()).toBe(a.exportState());
    }
  });

  it('are dropped by a reconcile, whose positions already hold what they filled', () => {
    const { guard } = plainGuard();
    restingBuy(guard, 'O-A', '0.5');
    restingBuy(guard, 'O-B', '0.5');
    guard.apply({ type: 'order-cancelled', order: 'O-A' });
    guard.apply({ type: 'order-cancelled', order: 'O-B' });
    expect(guard.apply(fillOf('O-A'))).toBe(true);
    guard.reconcile({
      openOrders: { open: {} },
      openPositions: {
        'T-A': { ordertxid: 'O-A', pair: 'XXBTZUSD', type: 'buy', cost: '24000', vol: '0.4', time: 1 },
        'T-B': { ordertxid: 'O-B', pair: 'XXBTZUSD', type: 'buy', cost: '24000', vol: '0.4', time: 2 },
      },
    });
    expect(guard.apply(fillOf('O-B'))).toBe(false);
    expect(guard.positions().map((position) => [position.id, position.volume])).toEqual([
      ['T-A', '0.4'],
      ['T-B', '0.4'],
    ]);
  });
});
