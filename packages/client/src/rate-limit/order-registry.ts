import { ABSENT, hashKey, KeyIndex } from './key-index.js';
import { OrderSlots } from './order-slots.js';
import { type Defer, deferToIdle, PendingAdds } from './pending-adds.js';

/**
 * One order the limiter has seen created: enough to find its pair and age when it is amended or cancelled. The
 * registry answers with a copy: a later amend or close is not seen through it.
 */
export interface TrackedOrder {
  id: string;
  clOrdId: string | undefined;
  pair: string;
  createdAt: number;
  /** Last time the order's age was reset: creation or the last amend. */
  touchedAt: number;
}

/**
 * Orders by txid and by cl_ord_id → pair and age, plus the count of open orders per pair (created − closed).
 * The limiter only learns of orders through `observe`; orders placed elsewhere are unknown (charged the worst case).
 * Size is bounded: past `capacity` the oldest orders are forgotten (their cancels are then charged the worst case).
 *
 * Every order placed is added here, so adding is kept off the caller's path and allocates nothing: an add is
 * applied once the caller's turn of the event loop is over, or before anything reads the registry (see
 * PendingAdds); the orders are numbered in the order they were added and sit in a ring of preallocated slots (see
 * OrderSlots), and two key indices map a txid, and a cl_ord_id, to the order's number. Closed orders leave an empty
 * slot until they reach the head or the ring is compacted; forgetting the oldest is O(1).
 */
export class OrderRegistry {
  private readonly byId = new KeyIndex();
  /** A cl_ord_id → the last order added with it, while that order is tracked (as a Map set on each add would). */
  private readonly byClOrdId = new KeyIndex();
  private readonly open = new Map<string, number>();
  private ring = new OrderSlots(INITIAL_ROOM);
  /** The number of the oldest slot in use; `tail` is the number the next order gets. */
  private head = 0;
  private tail = 0;
  private tracked = 0;
  /** Bumped whenever an order is added, forgotten or touched: a plan made before a change is no longer current. */
  private changes = 0;

  /** Adds not applied yet: whatever reads the registry applies them first. */
  private readonly pending: PendingAdds;

  /** `defer` runs the application of adds later (default: once the caller's turn of the event loop is over). */
  constructor(
    private readonly capacity = 10_000,
    defer: Defer = deferToIdle,
  ) {
    this.pending = new PendingAdds((id, clOrdId, pair, now) => this.apply(id, clOrdId, pair, now), defer);
  }

  /**
   * Records a new open order. Seeing the same txid again changes nothing. Applied later (see PendingAdds): the
   * version changes now, since the next read may answer differently.
   */
  add(order: { id: string; clOrdId?: string | undefined; pair: string }, now: number): void {
    this.changes += 1;
    this.pending.push(order.id, order.clOrdId, order.pair, now);
  }

  /**
   * A count that changes whenever what `find` answers, or an order's age, may have changed (an add of a txid
   * already tracked changes it too).
   */
  get version(): number {
    return this.changes;
  }

  /** Finds an order by txid or cl_ord_id. */
  find(idOrClOrdId: string): TrackedOrder | undefined {
    const number = this.numberOf(idOrClOrdId);
    return number === ABSENT ? undefined : this.ring.order(number);
  }

  /** An amend resets the order's age (Kraken: "time since the order was created or last amended"). */
  touch(idOrClOrdId: string, now: number): void {
    const number = this.numberOf(idOrClOrdId);
    if (number === ABSENT) return;
    this.ring.touch(number, now);
    this.changes += 1;
  }

  /** The order was cancelled, filled or replaced: forget it and count one fewer open order on its pair. */
  close(idOrClOrdId: string): TrackedOrder | undefined {
    const number = this.numberOf(idOrClOrdId);
    if (number === ABSENT) return undefined;
    const order = this.ring.order(number);
    this.forget(number);
    this.open.set(order.pair, Math.max(0, this.openOrders(order.pair) - 1));
    return order;
  }

  /** Every order currently tracked, oldest first (for CancelAll). */
  all(): TrackedOrder[] {
    this.pending.flush();
    const orders: TrackedOrder[] = [];
    for (let number = this.head; number < this.tail; number++) {
      if (this.ring.isTracked(number)) orders.push(this.ring.order(number));
    }
    return orders;
  }

  /** CancelAll succeeded: nothing is open any more. */
  closeAll(): void {
    this.pending.flush();
    this.byId.clear();
    this.byClOrdId.clear();
    this.ring = new OrderSlots(INITIAL_ROOM);
    this.head = 0;
    this.tail = 0;
    this.tracked = 0;
    this.changes += 1;
    for (const pair of this.open.keys()) this.open.set(pair, 0);
  }

  openOrders(pair: string): number {
    this.pending.flush();
    return this.open.get(pair) ?? 0;
  }

  /** Pairs for which an open count was ever recorded. */
  countedPairs(): string[] {
    this.pending.flush();
    return [...this.open.keys()];
  }

  /** Overrides the open count of a pair (Kraken said the limit is reached, or a reconciliation counted them). */
  setOpenOrders(pair: string, count: number): void {
    this.pending.flush();
    this.open.set(pair, Math.max(0, count));
  }

  private numberOf(idOrClOrdId: string): number {
    this.pending.flush();
    const number = this.byId.get(idOrClOrdId);
    return number === ABSENT ? this.byClOrdId.get(idOrClOrdId) : number;
  }

  /** Applies one add (see PendingAdds). */
  private apply(id: string, clOrdId: string | undefined, pair: string, now: number): void {
    // Room first: a compaction renumbers what the indices hold, and this order is not in the ring yet.
    if (this.tail - this.head === this.ring.room) this.makeRoom();
    const idHash = hashKey(id);
    if (this.byId.setIfAbsent(id, this.tail, idHash) !== ABSENT) return;
    const number = this.tail;
    this.tail += 1;
    const clOrdIdHash = clOrdId === undefined ? 0 : hashKey(clOrdId);
    if (clOrdId !== undefined) this.byClOrdId.set(clOrdId, number, clOrdIdHash);
    this.ring.fill(number, id, clOrdId, pair, now, idHash, clOrdIdHash);
    this.tracked += 1;
    this.open.set(pair, (this.open.get(pair) ?? 0) + 1);
    if (this.tracked > this.capacity) this.forgetOldest();
    else if (this.tail - this.head > 2 * this.tracked + 64) this.compact();
  }

  private forgetOldest(): void {
    while (this.head < this.tail) {
      const number = this.head;
      this.head += 1;
      // The count of open orders stays: the order is still open on the exchange, only its age is forgotten.
      if (this.ring.isTracked(number)) {
        this.forget(number);
        break;
      }
    }
  }

  private forget(number: number): void {
    const { ring } = this;
    this.changes += 1;
    this.tracked -= 1;
    this.byId.delete(ring.idOf(number)!, ring.idHashOf(number));
    const clOrdId = ring.clOrdIdOf(number);
    // Only while the cl_ord_id still names this order: a later order may have taken it over.
    if (clOrdId !== undefined) this.byClOrdId.deleteIfValue(clOrdId, number, ring.clOrdIdHashOf(number));
    ring.empty(number);
    while (this.head < this.tail && !ring.isTracked(this.head)) this.head += 1;
  }

  /** The ring is full: compacts it when closed orders take a quarter of it or more, else doubles it. */
  private makeRoom(): void {
    if (4 * this.tracked <= 3 * this.ring.room) this.compact();
    else this.ring = this.ring.grown(this.head, this.tail);
  }

  /**
   * Moves the tracked orders together from the head, in the order they were added, renumbering them (and their
   * entries in the indices) from the head on.
   */
  private compact(): void {
    const { ring, head, tail } = this;
    const renumbered = ring.scratch();
    let next = head;
    for (let number = head; number < tail; number++) {
      if (!ring.isTracked(number)) continue;
      renumbered[number & ring.mask] = next;
      if (number !== next) ring.move(number, next);
      next += 1;
    }
    const renumber = (number: number) => renumbered[number & ring.mask]!;
    this.byId.renumber(renumber);
    this.byClOrdId.renumber(renumber);
    this.tail = next;
  }
}

const INITIAL_ROOM = 64;
