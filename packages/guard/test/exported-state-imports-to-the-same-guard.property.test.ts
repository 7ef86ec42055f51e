import {
  createGuard,
  type Guard,
  type GuardConfig,
  type GuardIntent,
  type OrderIntent,
} from '@krakenkit/guard';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSET_PAIRS } from './support/asset-pairs.js';

const T0 = Date.UTC(2026, 0, 5, 12);
const RULES: GuardConfig = {
  tier: 'intermediate',
  assetPairs: ASSET_PAIRS,
  withdrawal: { allowedKeys: ['cold'] },
};
const PAIRS = [
  { pair: 'XBTUSD', price: 50_000, unit: '0.01' },
  { pair: 'ATOMUSD', price: 10, unit: '100' },
  { pair: 'ETHXBT', price: 0.05, unit: '0.1' },
] as const;
const SEED = {
  openOrders: { open: {} },
  openPositions: {
    'TPOS-1': { pair: 'XXBTZUSD', type: 'sell', cost: '100000', vol: '2', time: 1_767_000_000 },
  },
  balance: { ZUSD: '1000000', XXBT: '10' },
} as const;

/** A guard of these rules at a clock the test moves, with the same prices set. */
function guardAt(clock: { now: number }, seed?: typeof SEED): Guard {
  const guard = createGuard(RULES, seed, { clock: () => clock.now });
  for (const { pair, price } of PAIRS) guard.setReferencePrice(pair, String(price), T0);
  guard.setUsdPrice('XBT', '50000', T0);
  return guard;
}

const order = fc
  .record({
    at: fc.integer({ min: 0, max: PAIRS.length - 1 }),
    side: fc.constantFrom('buy', 'sell'),
    units: fc.integer({ min: 1, max: 40 }),
    bps: fc.integer({ min: -50, max: 50 }),
    margin: fc.boolean(),
  })
  .map(({ at, side, units, bps, margin }): OrderIntent => {
    const { pair, price, unit } = PAIRS[at] as (typeof PAIRS)[number];
    return {
      pair,
      side,
      orderType: 'limit',
      volume: (Number(unit) * units).toFixed(4),
      price: (price * (1 + bps / 10_000)).toPrecision(5),
      ...(margin ? { leverage: '2' } : {}),
    };
  });
const withdrawal = fc.integer({ min: 1, max: 3000 }).map(
  (usd): GuardIntent => ({
    kind: 'withdraw',
    asset: 'ZUSD',
    key: 'cold',
    amount: String(usd),
    apiKey: { name: 'w', permissions: ['funds_withdraw'] },
  }),
);
const step = fc.oneof(
  { arbitrary: order.map((intent) => ({ kind: 'reserve' as const, intent })), weight: 4 },
  { arbitrary: withdrawal.map((intent) => ({ kind: 'reserve' as const, intent })), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('accept', 'fill', 'cancel', 'reject', 'sent'),
      pick: fc.nat(),
      part: fc.integer({ min: 1, max: 4 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 120_000 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('halt' as const),
      state: fc.constantFrom('ACTIVE', 'REDUCING'),
    }),
    weight: 1,
  },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** Plays steps on the guard: reservations, their outcomes, time passing, the kill switch. */
function play(guard: Guard, clock: { now: number }, steps: readonly Step[]): void {
  const refs: string[] = [];
  for (const s of steps) {
    if (s.kind === 'reserve') {
      const { ref } = guard.reserve(s.intent);
      if (ref !== undefined) refs.push(ref);
    } else if (s.kind === 'wait') clock.now += s.ms;
    else if (s.kind === 'halt') guard.setTradingState(s.state, 'test');
    else {
      const ref = refs[s.pick % Math.max(refs.length, 1)];
      if (ref !== undefined) outcome(guard, s, ref);
    }
  }
}

function outcome(guard: Guard, s: Extract<Step, { pick: number }>, ref: string): void {
  const held = guard.orders().find((o) => o.ref === ref);
  if (s.kind === 'accept') guard.apply({ type: 'order-accepted', ref, txid: `O-${ref}` });
  else if (s.kind === 'reject') guard.apply({ type: 'order-rejected', ref });
  else if (s.kind === 'cancel') guard.apply({ type: 'order-cancelled', order: ref });
  else if (s.kind === 'sent') guard.apply({ type: 'withdrawal-sent', ref });
  else if (held !== undefined) {
    const volume = (Number(held.volume) / s.part).toFixed(6);
    guard.apply({ type: 'order-filled', order: ref, volume, price: held.price, fee: '0.5' });
  }
}

// The snapshot, its pools and pairs by name (the books list them in the order they were first touched).
function pictureOf(guard: Guard) {
  const snapshot = guard.snapshot();
  const byName = <T>(rows: T[], name: (row: T) => string) =>
    [...rows].sort((a, b) => name(a).localeCompare(name(b)));
  return {
    ...snapshot,
    pools: byName(snapshot.pools, (pool) => pool.currency),
    pairs: byName(snapshot.pairs, (pair) => pair.pair),
  };
}

describe('exportState / importState', () => {
  it('export → import → export gives the same text, and the imported guard decides every intent the same', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 40 }),
        fc.array(fc.oneof(order, withdrawal), { minLength: 1, maxLength: 10 }),
        (steps, probes) => {
          const clock = { now: T0 };
          const original = guardAt(clock, SEED);
          play(original, clock, steps);
          const exported = original.exportState();
          const copy = guardAt(clock);
          copy.importState(exported);
          expect(copy.exportState()).toBe(exported);
          for (const probe of probes) expect(copy.check(probe)).toEqual(original.check(probe));
          expect(pictureOf(copy)).toEqual(pictureOf(original));
        },
      ),
    );
  });

  it('refuses text it did not write, naming the field', () => {
    const guard = guardAt({ now: T0 }, SEED);
    expect(() => guard.importState('{')).toThrow(/invalid state/);
    const text = JSON.parse(guard.exportState());
    expect(() => guard.importState(JSON.stringify({ ...text, version: 3 }))).toThrow(/state\.version/);
    expect(() => guard.importState(JSON.stringify({ ...text, positions: [{ id: 'x' }] }))).toThrow(
      /state\.positions\.0/,
    );
    // Nothing changed: the guard still holds the seeded short.
    expect(guard.positions()).toHaveLength(1);
  });
});
