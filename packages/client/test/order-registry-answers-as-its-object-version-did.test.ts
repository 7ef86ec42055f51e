import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderRegistry } from '../src/rate-limit/order-registry.js';
import { ObjectOrderRegistry } from './support/object-order-registry.js';

// The registry keeps its orders in parallel arrays found through key indices, where it kept an object per order in
// two Maps, and applies adds later (when the event loop is idle, or before anything reads it). Over random adds (repeated txids and cl_ord_ids), closes, amends, CancelAlls and overridden open counts,
// with capacities from a few orders (forgotten all the time, the ring compacted with closed orders between live
// ones) to more than its first ring holds (the ring grown), it must answer every question as the object version did: the
// orders found by txid and by cl_ord_id, the orders in the order they came, the open counts and the counted pairs;
// and its version (plans are made again when it changes) must change whenever the object version's did.

type Op =
  | { kind: 'add'; id: number; clOrdId: number | undefined; pair: number }
  | { kind: 'close' | 'touch'; id: number; byClOrdId: boolean }
  | { kind: 'set-open'; pair: number; count: number }
  | { kind: 'close-all' };

/** Ops on txids drawn from 0…MAX_ID (the property scales them down to its own range). */
const MAX_ID = 160;
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      id: fc.nat(MAX_ID),
      clOrdId: fc.option(fc.nat(MAX_ID), { nil: undefined }),
      pair: fc.nat(2),
    }),
    weight: 10,
  },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('close' as const, 'touch' as const),
      id: fc.nat(MAX_ID),
      byClOrdId: fc.boolean(),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('set-open' as const), pair: fc.nat(2), count: fc.nat(5) }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('close-all' as const) }), weight: 1 },
);

/** The op on ids 0…ids (cl_ord_ids on half as many, so they are taken over); undefined: left out. */
function scaled(action: Op, ids: number, closeAll: boolean): Op | undefined {
  switch (action.kind) {
    case 'add':
      return {
        ...action,
        id: action.id % (ids + 1),
        clOrdId: action.clOrdId === undefined ? undefined : action.clOrdId % (Math.floor(ids / 2) + 1),
      };
    case 'close':
    case 'touch':
      return { ...action, id: action.id % (ids + 1) };
    case 'close-all':
      return closeAll ? action : undefined;
    default:
      return action;
  }
}

const PAIRS = ['XBTUSD', 'ETHUSD', 'SOLUSD'];
const idOf = (id: number) => `O${id}`;
const clOrdIdOf = (id: number) => `c-${id}`;

type Registry = OrderRegistry | ObjectOrderRegistry;

function apply(registry: Registry, action: Op, now: number): void {
  switch (action.kind) {
    case 'add':
      registry.add(
        {
          id: idOf(action.id),
          pair: PAIRS[action.pair]!,
          ...(action.clOrdId === undefined ? {} : { clOrdId: clOrdIdOf(action.clOrdId) }),
        },
        now,
      );
      break;
    case 'close':
    case 'touch': {
      const key = action.byClOrdId ? clOrdIdOf(action.id) : idOf(action.id);
      if (action.kind === 'close') registry.close(key);
      else registry.touch(key, now);
      break;
    }
    case 'set-open':
      registry.setOpenOrders(PAIRS[action.pair]!, action.count);
      break;
    case 'close-all':
      registry.closeAll();
      break;
  }
}

/**
 * Everything the registry answers, each part as text: the orders in full (in the order they came), and which order
 * each txid and cl_ord_id finds (by its txid: the order itself is among the others).
 */
function answers(registry: OrderRegistry | ObjectOrderRegistry, ids: number): Record<string, string> {
  const found: string[] = [];
  for (let id = 0; id <= ids; id++) {
    found.push(registry.find(idOf(id))?.id ?? '-', registry.find(clOrdIdOf(id))?.id ?? '-');
  }
  return {
    countedPairs: registry.countedPairs().join(),
    open: PAIRS.map((pair) => registry.openOrders(pair)).join(),
    found: found.join(),
    all: JSON.stringify(registry.all()),
  };
}

/** The first answer that differs (its name and both texts), or undefined. */
function firstDifference(registry: OrderRegistry, reference: ObjectOrderRegistry, ids: number) {
  const ours = answers(registry, ids);
  const theirs = answers(reference, ids);
  for (const name of Object.keys(theirs)) {
    if (ours[name] !== theirs[name]) return { name, ours: ours[name], theirs: theirs[name] };
  }
  return undefined;
}

function expectSameAnswers(registry: OrderRegistry, reference: ObjectOrderRegistry, ids: number): void {
  // Only the first difference is compared: a diff of whole registries would take vitest minutes to print.
  expect(firstDifference(registry, reference, ids)).toBeUndefined();
}

describe('the order registry in parallel arrays', () => {
  it('answers as the object registry did over random orders, amends, closes and CancelAlls', () => {
    // Few ids, so adds repeat txids and cl_ord_ids, and closes and amends hit orders that exist. Without CancelAll,
    // sometimes: enough orders pile up for the ring to grow. The clock mostly goes forward, now and then back;
    // everything is compared after one step in eight, and at the end.
    const step = fc.record({
      gap: fc.integer({ min: -3, max: 40 }),
      action: op,
      check: fc.nat(7).map((draw) => draw === 0),
      idle: fc.boolean(),
    });
    fc.assert(
      fc.property(
        // Capacities from a few orders (forgotten all the time) to more than the registry's first ring holds.
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 4, max: MAX_ID }),
        fc.boolean(),
        fc.array(step, { maxLength: 300, size: 'max' }),
        (capacity, ids, closeAll, steps) => {
          // Adds are applied when something reads the registry, or by the deferred task when the loop is idle.
          const deferred: Array<() => void> = [];
          const registry = new OrderRegistry(capacity, (task) => deferred.push(task));
          const reference = new ObjectOrderRegistry(capacity);
          let now = 1_000;
          // A boolean property (no assertion inside), so that shrinking a failure stays fast; fast-check prints
          // the counterexample, and replaying it with expectSameAnswers names the first difference.
          for (const { gap, action, check, idle } of steps) {
            now += gap;
            if (idle) for (const task of deferred.splice(0)) task();
            const scaledAction = scaled(action, ids, closeAll);
            if (scaledAction === undefined) continue;
            const before = [registry.version, reference.version];
            apply(registry, scaledAction, now);
            apply(reference, scaledAction, now);
            // Plans are made again when the version changes: it must change whenever the object version's did.
            if (reference.version !== before[1] && registry.version === before[0]) return false;
            if (check && firstDifference(registry, reference, ids) !== undefined) return false;
          }
          return firstDifference(registry, reference, ids) === undefined;
        },
      ),
      // A failure is reported as drawn: shrinking hundreds of steps would take many minutes.
      { numRuns: 100, endOnFailure: true },
    );
  });

  it('answers as the object registry did over tens of thousands of orders, most closed between live ones', () => {
    const registry = new OrderRegistry(500);
    const reference = new ObjectOrderRegistry(500);
    for (let serial = 0; serial < 30_000; serial++) {
      // cl_ord_ids repeat every 700 orders, so an id is sometimes taken over by a newer order.
      const order = { id: `O${serial}`, clOrdId: `c-${serial % 700}`, pair: PAIRS[serial % 3]! };
      registry.add(order, serial);
      reference.add(order, serial);
      // Most orders close soon, some by cl_ord_id, some never: live orders sit between closed ones.
      if (serial % 4 !== 0 && serial >= 3) {
        const key = serial % 2 === 0 ? `O${serial - 3}` : `c-${(serial - 3) % 700}`;
        registry.close(key);
        reference.close(key);
      }
      if (serial % 997 === 0) {
        registry.touch(`O${serial - 1}`, serial);
        reference.touch(`O${serial - 1}`, serial);
      }
    }
    expectSameAnswers(registry, reference, 700);
    expect(registry.all().length).toBeGreaterThan(400);
    for (let serial = 29_000; serial < 30_000; serial++) {
      expect(registry.find(`O${serial}`)).toEqual(reference.find(`O${serial}`));
    }
  });

  it('answers as the object registry did over thousands of orders added and never closed (a bot that only adds)', () => {
    const registry = new OrderRegistry(300);
    const reference = new ObjectOrderRegistry(300);
    for (let serial = 0; serial < 8_000; serial++) {
      const order = { id: `O${serial}`, clOrdId: `c-${serial}`, pair: 'XBTUSD' };
      registry.add(order, serial);
      reference.add(order, serial);
      // Now and then an amend of a recent order, by cl_ord_id; the first ones before the registry's ring grows.
      if (serial % 50 === 10) {
        registry.touch(`c-${serial - 5}`, serial + 0.5);
        reference.touch(`c-${serial - 5}`, serial + 0.5);
      }
      if (serial % 97 === 0) expectSameAnswers(registry, reference, 0);
    }
    expect(registry.all()).toEqual(reference.all());
    for (let serial = 7_000; serial < 8_000; serial++) {
      expect(registry.find(`O${serial}`)).toEqual(reference.find(`O${serial}`));
      expect(registry.find(`c-${serial}`)).toEqual(reference.find(`c-${serial}`));
    }
    expect(registry.find('O7699')).toBeUndefined();
    expect(registry.find('O7700')?.clOrdId).toBe('c-7700');
  });

  it('applies adds in batches once the caller is done, and before anything reads it', () => {
    const deferred: Array<() => void> = [];
    const registry = new OrderRegistry(10_000, (task) => deferred.push(task));
    const version = registry.version;
    registry.add({ id: 'O1', clOrdId: 'c-1', pair: 'XBTUSD' }, 1);
    registry.add({ id: 'O2', pair: 'XBTUSD' }, 2);
    // No task for two adds (a read applies them), and a version that already moved (a plan made before the adds
    // is no longer current).
    expect(deferred).toHaveLength(0);
    expect(registry.version).not.toBe(version);
    expect(registry.find('c-1')).toEqual({
      id: 'O1',
      clOrdId: 'c-1',
      pair: 'XBTUSD',
      createdAt: 1,
      touchedAt: 1,
    });
    expect(registry.openOrders('XBTUSD')).toBe(2);
    expect(registry.all().map((order) => order.id)).toEqual(['O1', 'O2']);
    // Sixteen adds waiting: one task for them, which applies them all.
    for (let serial = 101; serial <= 116; serial++)
      registry.add({ id: `O${serial}`, pair: 'XBTUSD' }, serial);
    expect(deferred).toHaveLength(1);
    deferred.shift()?.();
    expect(registry.find('O116')?.createdAt).toBe(116);
    expect(registry.openOrders('XBTUSD')).toBe(18);
    // A caller that never yields to the event loop: its adds are all seen all the same.
    for (let serial = 201; serial <= 400; serial++)
      registry.add({ id: `O${serial}`, pair: 'ETHUSD' }, serial);
    expect(registry.openOrders('ETHUSD')).toBe(200);
    expect(registry.find('O400')?.createdAt).toBe(400);
  });
});
