/**
 * The order registry as it was before its orders moved into parallel arrays (one object per order, two Maps of
 * them, an array of arrivals with a head), kept verbatim as the reference the new registry must answer like.
 */
import type { TrackedOrder } from '../../src/rate-limit/order-registry.js';

/**
 * (Previous implementation.) Orders by txid and by cl_ord_id → pair and age, plus the count of open orders per pair (created − closed).
 * The limiter only learns of orders through `observe`; orders placed elsewhere are unknown (charged the worst case).
 * Size is bounded: past `capacity` the oldest orders are forgotten (their cancels are then charged the worst case).
 */
export class ObjectOrderRegistry {
  private readonly orders = new Map<string, TrackedOrder>();
  private readonly byClOrdId = new Map<string, TrackedOrder>();
  private readonly open = new Map<string, number>();
  /**
   * The tracked orders in the order they were added, from `head` on; closed orders stay until they reach the head
   * or the array is compacted. Forgetting the oldest is then O(1), where taking a Map's first entry walks the slots
   * its deletions left.
   */
  private arrivals: TrackedOrder[] = [];
  private head = 0;
  /** Bumped whenever an order is added, forgotten or touched: a plan made before a change is no longer current. */
  private changes = 0;

  constructor(private readonly capacity = 10_000) {}

  /** Records a new open order. Seeing the same txid again changes nothing. */
  add(order: { id: string; clOrdId?: string | undefined; pair: string }, now: number): void {
    if (this.orders.has(order.id)) return;
    const tracked: TrackedOrder = {
      id: order.id,
      clOrdId: order.clOrdId,
      pair: order.pair,
      createdAt: now,
      touchedAt: now,
    };
    this.orders.set(order.id, tracked);
    this.arrivals.push(tracked);
    this.changes += 1;
    if (order.clOrdId !== undefined) this.byClOrdId.set(order.clOrdId, tracked);
    this.open.set(order.pair, this.openOrders(order.pair) + 1);
    if (this.orders.size > this.capacity) this.forgetOldest();
    else if (this.arrivals.length - this.head > 2 * this.orders.size + 64) this.compact();
  }

  /** A count that changes whenever what `find` answers, or an order's age, changes. */
  get version(): number {
    return this.changes;
  }

  /** Finds an order by txid or cl_ord_id. */
  find(idOrClOrdId: string): TrackedOrder | undefined {
    return this.orders.get(idOrClOrdId) ?? this.byClOrdId.get(idOrClOrdId);
  }

  /** An amend resets the order's age (Kraken: "time since the order was created or last amended"). */
  touch(idOrClOrdId: string, now: number): void {
    const order = this.find(idOrClOrdId);
    if (order) {
      order.touchedAt = Math.max(order.touchedAt, now);
      this.changes += 1;
    }
  }

  /** The order was cancelled, filled or replaced: forget it and count one fewer open order on its pair. */
  close(idOrClOrdId: string): TrackedOrder | undefined {
    const order = this.find(idOrClOrdId);
    if (!order) return undefined;
    this.forget(order);
    this.open.set(order.pair, Math.max(0, this.openOrders(order.pair) - 1));
    return order;
  }

  /** Every order currently tracked (for CancelAll). */
  all(): TrackedOrder[] {
    return [...this.orders.values()];
  }

  /** CancelAll succeeded: nothing is open any more. */
  closeAll(): void {
    this.orders.clear();
    this.byClOrdId.clear();
    this.arrivals = [];
    this.head = 0;
    this.changes += 1;
    for (const pair of this.open.keys()) this.open.set(pair, 0);
  }

  openOrders(pair: string): number {
    return this.open.get(pair) ?? 0;
  }

  /** Pairs for which an open count was ever recorded. */
  countedPairs(): string[] {
    return [...this.open.keys()];
  }

  /** Overrides the open count of a pair (Kraken said the limit is reached, or a reconciliation counted them). */
  setOpenOrders(pair: string, count: number): void {
    this.open.set(pair, Math.max(0, count));
  }

  private forgetOldest(): void {
    const { arrivals } = this;
    while (this.head < arrivals.length) {
      const oldest = arrivals[this.head]!;
      this.head += 1;
      // The count of open orders stays: the order is still open on the exchange, only its age is forgotten.
      if (this.orders.get(oldest.id) === oldest) {
        this.forget(oldest);
        break;
      }
    }
    if (this.head >= 1024 && this.head * 2 >= arrivals.length) this.compact();
  }

  /** Keeps only the orders still tracked, in the order they were added. */
  private compact(): void {
    const live: TrackedOrder[] = [];
    for (let index = this.head; index < this.arrivals.length; index++) {
      const order = this.arrivals[index]!;
      if (this.orders.get(order.id) === order) live.push(order);
    }
    this.arrivals = live;
    this.head = 0;
  }

  private forget(order: TrackedOrder): void {
    this.changes += 1;
    this.orders.delete(order.id);
    if (order.clOrdId !== undefined && this.byClOrdId.get(order.clOrdId) === order) {
      this.byClOrdId.delete(order.clOrdId);
    }
  }
}
