import { Decimal as DefaultDecimal } from 'decimal.js';

// The reference sums must be exact: decimal.js's default 20 significant digits would round a sum such as
// 19992.119401340022221475 (volume × price products add up past 20 digits) and report a false drift.
const Decimal = DefaultDecimal.clone({ precision: 100 });
type Decimal = DefaultDecimal;

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Guard } from '../src/guard.js';
import type { OrderIntent } from '../src/intent.js';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { testGuard } from './support/guard-factory.js';

// Small allowances so random streams hit the limits often.
const ALLOWANCES = {
  BTC: { allowance: '5', aliases: ['XBT', 'XXBT'] },
  USD: { allowance: '200000', fiat: true, aliases: ['ZUSD'] },
  EUR: { allowance: '150000', fiat: true, aliases: ['ZEUR'] },
  ETH: { allowance: '60', aliases: ['XETH'] },
  ATOM: { allowance: '2000' },
};
const CURRENCY: Record<string, string> = { XXBT: 'BTC', ZUSD: 'USD', ZEUR: 'EUR', XETH: 'ETH', ATOM: 'ATOM' };
const PAIRS: Record<string, { base: string; quote: string; prices: string[] }> = {
  XBTUSD: { base: 'BTC', quote: 'USD', prices: ['40000', '50000.5', '61000'] },
  XBTEUR: { base: 'BTC', quote: 'EUR', prices: ['45000', '52000.1'] },
  ETHXBT: { base: 'ETH', quote: 'BTC', prices: ['0.05', '0.06123'] },
  EURUSD: { base: 'EUR', quote: 'USD', prices: ['1.1', '1.23456'] },
  ATOMUSD: { base: 'ATOM', quote: 'USD', prices: ['8', '9.5'] },
};
const FIAT = new Set(['USD', 'EUR']);

const place = fc.record({
  op: fc.constant('place' as const),
  pair: fc.constantFrom(...Object.keys(PAIRS)),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  volume: fc.constantFrom('0.5', '1', '2.5', '10', '40', '300'),
  priceIndex: fc.nat(),
  margin: fc.boolean(),
  reduceOnly: fc.boolean(),
});
const pick = (op: 'accept' | 'cancel' | 'reject' | 'close') =>
  fc.record({ op: fc.constant(op), index: fc.nat() });
const fill = fc.record({
  op: fc.constant('fill' as const),
  index: fc.nat(),
  percent: fc.integer({ min: 1, max: 100 }),
  discountPct: fc.integer({ min: 0, max: 10 }),
});
const closePart = fc.record({
  op: fc.constant('close-part' as const),
  index: fc.nat(),
  percent: fc.integer({ min: 1, max: 99 }),
});
const amend = fc.record({
  op: fc.constant('amend' as const),
  index: fc.nat(),
  volumePct: fc.integer({ min: 10, max: 200 }),
  accept: fc.boolean(),
});
const command = fc.oneof(
  place,
  place,
  fill,
  fill,
  pick('accept'),
  pick('cancel'),
  pick('reject'),
  pick('close'),
  closePart,
  amend,
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

function run(guard: Guard, cmd: Command): void {
  const orders = guard.orders();
  const positions = guard.positions();
  const order = orders.length === 0 ? undefined : orders[('index' in cmd ? cmd.index : 0) % orders.length];
  const position =
    positions.length === 0 ? undefined : positions[('index' in cmd ? cmd.index : 0) % positions.length];
  switch (cmd.op) {
    case 'place': {
      const prices = PAIRS[cmd.pair]?.prices ?? [];
      const intent: OrderIntent = {
        pair: cmd.pair,
        side: cmd.side,
        orderType: 'limit',
        volume: cmd.volume,
        price: prices[cmd.priceIndex % prices.length] ?? '1',
        ...(cmd.margin ? { leverage: '2' } : {}),
        ...(cmd.reduceOnly ? { reduceOnly: true } : {}),
      };
      guard.reserve(intent);
      return;
    }
    case 'accept':
      if (order) guard.apply({ type: 'order-accepted', ref: order.ref, txid: `T${order.ref}` });
      return;
    case 'cancel':
      if (order) guard.apply({ type: 'order-cancelled', order: order.ref });
      return;
    case 'reject':
      if (order) guard.apply({ type: 'order-rejected', ref: order.ref });
      return;
    case 'fill': {
      if (!order) return;
      const remaining = new Decimal(order.volume).minus(order.filled);
      const part = remaining.times(cmd.percent).div(100).toDecimalPlaces(8, Decimal.ROUND_DOWN);
      // Buys fill at or below their limit, sells at or above: a limit order never fills worse.
      const factor = new Decimal(100 + (order.side === 'buy' ? -cmd.discountPct : cmd.discountPct)).div(100);
      const price = new Decimal(order.price).times(factor).toDecimalPlaces(8, Decimal.ROUND_DOWN);
      guard.apply({
        type: 'order-filled',
        order: order.ref,
        volume: (part.isZero() ? remaining : part).toFixed(),
        price: price.toFixed(),
      });
      return;
    }
    case 'close':
      if (position) guard.apply({ type: 'position-closed', position: position.id });
      return;
    case 'close-part':
      if (position) {
        const volume = new Decimal(position.volume)
          .times(cmd.percent)
          .div(100)
          .toDecimalPlaces(8, Decimal.ROUND_DOWN);
        if (volume.gt(0))
          guard.apply({ type: 'position-closed', position: position.id, volume: volume.toFixed() });
      }
      return;
    case 'amend': {
      if (!order) return;
      const volume = new Decimal(order.volume)
        .times(cmd.volumePct)
        .div(100)
        .toDecimalPlaces(8, Decimal.ROUND_DOWN);
      const amended = guard.reserve({ kind: 'amend', orderId: order.ref, volume: volume.toFixed() });
      if (amended.ref !== undefined) {
        guard.apply({ type: cmd.accept ? 'amend-accepted' : 'amend-rejected', ref: amended.ref });
      }
      return;
    }
  }
}

/** Usage per pool recomputed from scratch from positions and orders, by the pool rule, not by the guard's code. */
function recomputedPools(guard: Guard): Map<string, Decimal> {
  const totals = new Map<string, Decimal>();
  const add = (currency: string, amount: Decimal) =>
    totals.set(currency, (totals.get(currency) ?? new Decimal(0)).plus(amount));
  for (const position of guard.positions()) {
    const pair = PAIRS[position.pair];
    if (!pair) throw new Error(`unexpected pair ${position.pair}`);
    if (position.side === 'buy') add(pair.quote, new Decimal(position.cost));
    else if (!FIAT.has(pair.base)) add(pair.base, new Decimal(position.volume));
  }
  for (const order of guard.orders()) {
    const pair = PAIRS[order.pair];
    if (!pair || !order.opening) continue;
    const remaining = new Decimal(order.volume).minus(order.filled);
    if (order.side === 'buy') add(pair.quote, remaining.times(order.price));
    else if (!FIAT.has(pair.base)) add(pair.base, remaining);
  }
  return totals;
}

function reportedPools(guard: Guard): Map<string, Decimal> {
  return new Map(guard.snapshot().pools.map((pool) => [pool.currency, new Decimal(pool.total)]));
}

describe('pool aggregates under random order, fill, cancel, amend and close streams', () => {
  it('always equal the sum of positions and reservations, and never exceed an allowance', () => {
    expect(Object.keys(CURRENCY).length).toBeGreaterThan(0);
    expect(Object.keys(ASSET_PAIRS)).toEqual(expect.arrayContaining(['XXBTZUSD', 'XETHXXBT', 'ZEURZUSD']));
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60 }), (commands) => {
        const { guard } = testGuard({
          allowances: ALLOWANCES,
          pairs: { XBTUSD: { longPositionLimit: '100000' } },
        });
        for (const cmd of commands) {
          run(guard, cmd);
          const expected = recomputedPools(guard);
          const reported = reportedPools(guard);
          for (const currency of new Set([...expected.keys(), ...reported.keys()])) {
            const want = expected.get(currency) ?? new Decimal(0);
            const got = reported.get(currency) ?? new Decimal(0);
            if (!want.eq(got))
              throw new Error(
                `${currency}: aggregate ${got} ≠ sum of parts ${want} after ${JSON.stringify(cmd)}`,
              );
          }
        }
        for (const pool of guard.snapshot().pools) {
          if (new Decimal(pool.total).gt(pool.allowance))
            throw new Error(`${pool.currency} over allowance: ${pool.total} > ${pool.allowance}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every accepted order was within its pool at the moment it was reserved', () => {
    fc.assert(
      fc.property(fc.array(place, { minLength: 1, maxLength: 40 }), (commands) => {
        const { guard } = testGuard({ allowances: ALLOWANCES });
        for (const cmd of commands) {
          run(guard, cmd);
          for (const pool of guard.snapshot().pools)
            expect(new Decimal(pool.total).lte(pool.allowance)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
