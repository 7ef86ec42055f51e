import { createGuard, type Guard, type GuardConfig } from '@krakenkit/guard';
import { describe, expect, it } from 'vitest';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { ManualClock } from './support/guard-factory.js';

// Kraken's matching-engine counter, one per pair: +1 for an add; an amend pays +1 fixed plus +3 / +2 / +1 for an
// order under 5 / 10 / 15 s old; a cancel pays +8 / +6 / +5 / +4 / +2 / +1 for an order under 5 / 10 / 15 / 45 /
// 90 / 300 s old. The counter decays by the tier's rate (Starter 1, Intermediate 2.34, Pro 3.75 a second) and an
// order that would take it past the tier's threshold (60 / 125 / 180) is refused. Each tier also caps the orders
// open on one pair (60 / 80 / 225). Margin is off for Starter and up to 5x for Intermediate.
const SECOND = 1000;
const BUY = { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.01', price: '50000' } as const;

function guardFor(config: Partial<GuardConfig> = {}): { guard: Guard; clock: ManualClock } {
  const clock = new ManualClock();
  const guard = createGuard(
    { tier: 'intermediate', assetPairs: ASSET_PAIRS, ...config },
    { openOrders: { open: {} }, openPositions: {} },
    { clock: clock.read },
  );
  return { guard, clock };
}

const counter = (guard: Guard): number =>
  guard.snapshot().pairs.find((pair) => pair.pair === 'XBTUSD')?.rateCounter ?? 0;

function place(guard: Guard): string {
  const decision = guard.reserve(BUY);
  expect(decision.allowed).toBe(true);
  const ref = decision.ref ?? '';
  guard.apply({ type: 'order-accepted', ref, txid: `O-${ref}` });
  return ref;
}

describe('the matching-engine counter follows the documented worked examples', () => {
  it('an add, an amend 7 s later and a cancel 36 s after that add up to 1 + 3 + 4 = 8', () => {
    // Decay set to 0 so the sum of the increments is what the counter shows.
    const { guard, clock } = guardFor({ tierLimits: { intermediate: { trading: { decayPerSecond: 0 } } } });
    const ref = place(guard);
    expect(counter(guard)).toBe(1);
    clock.advance(7 * SECOND);
    const amend = guard.reserve({ kind: 'amend', orderId: ref, volume: '0.02' });
    expect(amend.allowed).toBe(true);
    guard.apply({ type: 'amend-accepted', ref: amend.ref ?? '' });
    expect(counter(guard)).toBe(4);
    clock.advance(36 * SECOND);
    expect(guard.reserve({ kind: 'cancel', orderIds: [ref] }).allowed).toBe(true);
    expect(counter(guard)).toBe(8);
  });

  it('an Intermediate account that bursts 50 adds and waits 10 s stands at 50 − 10 × 2.34 = 26.6', () => {
    const { guard, clock } = guardFor();
    for (let index = 0; index < 50; index += 1) expect(guard.reserve(BUY).allowed).toBe(true);
    expect(counter(guard)).toBe(50);
    clock.advance(10 * SECOND);
    expect(counter(guard)).toBeCloseTo(26.6, 9);
  });

  it('a batch add pays n / 2: 15 orders +7.5, 2 orders +1', () => {
    const { guard } = guardFor({ tierLimits: { intermediate: { trading: { decayPerSecond: 0 } } } });
    expect(guard.reserveBatch(Array.from({ length: 15 }, () => BUY)).allowed).toBe(true);
    expect(counter(guard)).toBe(7.5);
    expect(guard.reserveBatch([BUY, BUY]).allowed).toBe(true);
    expect(counter(guard)).toBe(8.5);
  });

  it('a cancel pays by the age of each order it cancels: +8 each under 5 s, nothing from 300 s', () => {
    const { guard, clock } = guardFor({ tierLimits: { intermediate: { trading: { decayPerSecond: 0 } } } });
    const young = [place(guard), place(guard), place(guard)];
    expect(guard.reserve({ kind: 'cancel', orderIds: young }).allowed).toBe(true);
    expect(counter(guard)).toBe(3 + 3 * 8);
    const old = place(guard);
    clock.advance(300 * SECOND);
    expect(guard.reserve({ kind: 'cancel', orderIds: [old] }).allowed).toBe(true);
    expect(counter(guard)).toBe(3 + 3 * 8 + 1);
  });

  it('a batch cancel goes through even when it takes the counter past the threshold', () => {
    const { guard } = guardFor({ tier: 'starter' });
    const refs = Array.from({ length: 55 }, () => place(guard));
    expect(guard.reserve({ kind: 'cancel', orderIds: refs.slice(0, 5) }).allowed).toBe(true);
    expect(counter(guard)).toBe(55 + 5 * 8);
  });

  it.each([
    ['starter', 60],
    ['intermediate', 125],
    ['pro', 180],
  ] as const)('%s: a burst of %i adds fits the threshold, one more is refused', (tier, threshold) => {
    const { guard } = guardFor({ tier });
    for (let index = 0; index < threshold; index += 1) {
      const { allowed, ref } = guard.reserve(BUY);
      expect(allowed).toBe(true);
      guard.apply({ type: 'order-cancelled', order: ref ?? '' }); // keeps the open-order count low
    }
    const refused = guard.check(BUY);
    expect(refused.violations.map((violation) => violation.code)).toEqual(['EOrder:Rate limit exceeded']);
    expect(refused.violations[0]).toMatchObject({
      limit: String(threshold),
      requested: `${threshold + 1}.00`,
    });
  });
});

describe('open orders per pair: the tier limit', () => {
  it.each([
    ['starter', 60],
    ['intermediate', 80],
    ['pro', 225],
  ] as const)('%s: %i orders may be open on one pair, the next is refused', (tier, limit) => {
    const { guard, clock } = guardFor({ tier });
    for (let index = 0; index < limit; index += 1) {
      place(guard);
      clock.advance(SECOND); // lets the rate counter decay, so only the open-order count is tested
    }
    const refused = guard.check(BUY);
    expect(refused.violations.map((violation) => violation.code)).toEqual(['EOrder:Orders limit exceeded']);
    expect(refused.violations[0]).toMatchObject({ limit: String(limit), requested: String(limit + 1) });
    // Another pair has its own count.
    expect(guard.check({ ...BUY, pair: 'XBTEUR' }).allowed).toBe(true);
  });
});

describe('margin by tier', () => {
  it('Intermediate: up to 5x even where the pair offers more', () => {
    const { guard } = guardFor({ pairs: { XBTUSD: { leverageBuy: [2, 3, 4, 5, 10] } } });
    expect(guard.check({ ...BUY, leverage: '5' }).allowed).toBe(true);
    const refused = guard.check({ ...BUY, leverage: '10' });
    expect(refused.violations.map((violation) => violation.code)).toEqual([
      'EGeneral:Invalid arguments:leverage',
    ]);
    expect(refused.violations[0]).toMatchObject({ limit: '5', requested: '10' });
  });

  it('Starter: margin disabled, spot allowed', () => {
    const { guard } = guardFor({ tier: 'starter' });
    expect(guard.check(BUY).allowed).toBe(true);
    expect(guard.check({ ...BUY, leverage: '2' }).violations.map((violation) => violation.code)).toEqual([
      'EOrder:Cannot open position',
    ]);
  });
});
