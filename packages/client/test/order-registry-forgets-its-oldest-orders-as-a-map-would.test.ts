import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderRegistry, type TrackedOrder } from '../src/rate-limit/order-registry.js';

// The registry forgets its oldest order in O(1) (an array of arrivals with a head, not a walk over a Map's deleted
// slots). Over random adds, closes, amends and CancelAlls it must track exactly what a plain Map in insertion order
// tracks: the same orders by txid and cl_ord_id, with the same ages, the same open counts, in the same order.

/** The reference: the registry as a Map in insertion order, forgetting its first entry past capacity. */
class PlainRegistry {
  readonly orders = new Map<string, TrackedOrder>();
  private readonly byClOrdId = new Map<string, TrackedOrder>();
  private readonly open = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  add(order: { id: string; clOrdId?: string; pair: string }, now: number): void {
    if (this.orders.has(order.id)) return;
    const tracked = {
      id: order.id,
      clOrdId: order.clOrdId,
      pair: order.pair,
      createdAt: now,
      touchedAt: now,
    };
    this.orders.set(order.id, tracked);
    if (order.clOrdId !== undefined) this.byClOrdId.set(order.clOrdId, tracked);
    this.open.set(order.pair, this.openOrders(order.pair) + 1);
    if (this.orders.size > this.capacity) {
      const oldest = this.orders.values().next().value;
      if (oldest) this.forget(oldest);
    }
  }

  find(id: string): TrackedOrder | undefined {
    return this.orders.get(id) ?? this.byClOrdId.get(id);
  }

  touch(id: string, now: number): void {
    const order = this.find(id);
    if (order) order.touchedAt = Math.max(order.touchedAt, now);
  }

  close(id: string): void {
    const order = this.find(id);
    if (!order) return;
    this.forget(order);
    this.open.set(order.pair, Math.max(0, this.openOrders(order.pair) - 1));
  }

  closeAll(): void {
    this.orders.clear();
    this.byClOrdId.clear();
    for (const pair of this.open.keys()) this.open.set(pair, 0);
  }

  openOrders(pair: string): number {
    return this.open.get(pair) ?? 0;
  }

  private forget(order: TrackedOrder): void {
    this.orders.delete(order.id);
    if (order.clOrdId !== undefined && this.byClOrdId.get(order.clOrdId) === order) {
      this.byClOrdId.delete(order.clOrdId);
    }
  }
}

type Op =
  | { kind: 'add'; id: number; clOrdId: number | undefined; pair: number }
  | { kind: 'close' | 'touch'; id: number; byClOrdId: boolean }
  | { kind: 'close-all' };

// Few ids, so adds repeat txids and cl_ord_ids, and closes and amends hit orders that exist.
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      id: fc.nat(24),
      clOrdId: fc.option(fc.nat(16), { nil: undefined }),
      pair: fc.nat(1),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('close' as const, 'touch' as const),
      id: fc.nat(24),
      byClOrdId: fc.boolean(),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('close-all' as const) }), weight: 1 },
);

const PAIRS = ['XBTUSD', 'ETHUSD'];
const idOf = (id: number) => `O${id}`;
const clOrdIdOf = (id: number) => `c-${id}`;

describe('the order registry', () => {
  it('tracks the same orders, ages and open counts as a Map in insertion order, past its capacity too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(op, { maxLength: 500 }), (capacity, ops) => {
        const registry = new OrderRegistry(capacity);
        const plain = new PlainRegistry(capacity);
        let now = 0;
        for (const action of ops) {
          now += 7;
          if (action.kind === 'add') {
            const order = {
              id: idOf(action.id),
              pair: PAIRS[action.pair]!,
              ...(action.clOrdId === undefined ? {} : { clOrdId: clOrdIdOf(action.clOrdId) }),
            };
            registry.add(order, now);
            plain.add(order, now);
          } else if (action.kind === 'close-all') {
            registry.closeAll();
            plain.closeAll();
          } else {
            const key = action.byClOrdId ? clOrdIdOf(action.id) : idOf(action.id);
            if (action.kind === 'close') {
              registry.close(key);
              plain.close(key);
            } else {
              registry.touch(key, now);
              plain.touch(key, now);
            }
          }
          expect(registry.all()).toEqual([...plain.orders.values()]);
        }
        for (let id = 0; id <= 24; id++) {
          expect(registry.find(idOf(id))).toEqual(plain.find(idOf(id)));
          expect(registry.find(clOrdIdOf(id))).toEqual(plain.find(clOrdIdOf(id)));
        }
        for (const pair of PAIRS) expect(registry.openOrders(pair)).toBe(plain.openOrders(pair));
      }),
      { numRuns: 300 },
    );
  });

  it('past its capacity forgets the oldest order each time, over tens of thousands of orders come and gone', () => {
    const registry = new OrderRegistry(1_000);
    const plain = new PlainRegistry(1_000);
    for (let index = 0; index < 50_000; index++) {
      const order = { id: `O${index}`, clOrdId: `c-${index}`, pair: 'XBTUSD' };
      registry.add(order, index);
      plain.add(order, index);
      // Every third order is cancelled at once, so closed orders lie between the open ones.
      if (index % 3 === 0) {
        registry.close(`c-${index}`);
        plain.close(`c-${index}`);
      }
    }
    const tracked = registry.all();
    expect(tracked.length).toBeGreaterThanOrEqual(999);
    expect(tracked).toEqual([...plain.orders.values()]);
    expect(tracked.at(-1)?.id).toBe('O49999');
    expect(registry.openOrders('XBTUSD')).toBe(plain.openOrders('XBTUSD'));
  });
});
