import type { AllowanceTable } from '@krakenkit/core';
import { type Dec, ZERO } from '../decimal.js';
import type { OrderType, Side } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';
import { borrowOf } from '../pools.js';
import type { Exposure } from './exposure.js';
import type { ExposureBook } from './exposure-book.js';

/** An amend or edit sent but not yet answered: until then the order holds the larger of old and new. */
export interface PendingAmend {
  ref: string;
  /** New total order quantity (Kraken's `order_qty`), base currency. */
  volume: Dec;
  price: Dec;
  /** EditOrder: the order is replaced by a new txid. */
  replace: boolean;
  /** The shared guard instance that sent it (the only one that reports its answer). */
  instance?: string | undefined;
}

/** An order from reservation until it is filled, cancelled or rejected. */
export interface TrackedOrder {
  /** The guard's reservation id: the order's key from the moment it was reserved. */
  readonly ref: string;
  txid: string | undefined;
  clOrdId: string | undefined;
  readonly pair: GuardPair;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly margin: boolean;
  /** A margin order that opens or grows a position: it holds pool allowance and position size. */
  readonly opening: boolean;
  /** An order that reduces an open position when it fills. */
  readonly reducing: boolean;
  /** Flagged reduce_only: it never opens a position (Kraken cancels what the position cannot absorb). */
  readonly reduceOnly: boolean;
  status: 'in-flight' | 'open';
  /** Total order quantity. */
  volume: Dec;
  filled: Dec;
  /**
   * The part of `filled` the exchange's executed volume for the current txid leaves out: what the order an
   * EditOrder replaced had filled (the replacement's `vol_exec` and `cum_qty` start at 0). Zero otherwise.
   */
  filledBase: Dec;
  /** Price its charges are computed at: the limit price, or the reference price for market orders. */
  price: Dec;
  /**
   * When the order was placed or last amended: Kraken charges an amend, edit or cancel by the seconds since then
   * (an amend restarts the order's age).
   */
  changedAt: number;
  pendingAmend: PendingAmend | undefined;
  exposure: Exposure;
  /** The bot that placed it (`guard.forBot(name)`): its fills count in that bot's PnL. */
  owner: string | undefined;
  /**
   * The process (shared guard instance) that reserved it: only it reports the order's outcomes, so a fill every
   * process sees is counted once. Undefined for a plain guard's orders and for orders read from the exchange.
   */
  instance: string | undefined;
  /** While in flight: when its lease ends, after which a reconcile that does not show it drops it. */
  expiresAt: number | undefined;
  /** The reservation id it was placed under, when a reconcile matched it to the exchange's order by id. */
  reservedRef: string | undefined;
}

export type NewOrder = Omit<
  TrackedOrder,
  | 'exposure'
  | 'pendingAmend'
  | 'filled'
  | 'filledBase'
  | 'status'
  | 'txid'
  | 'owner'
  | 'instance'
  | 'expiresAt'
  | 'reservedRef'
> & {
  txid?: string | undefined;
  owner?: string | undefined;
  instance?: string | undefined;
  expiresAt?: number | undefined;
  reservedRef?: string | undefined;
  status?: TrackedOrder['status'] | undefined;
  filled?: Dec | undefined;
  filledBase?: Dec | undefined;
};

/**
 * How long an order ended by a cancel (or expiry) stays findable for a fill reported after the end, and how many
 * such orders are kept at most. Kraken can answer a cancel before its executions feed reports the fills that came
 * first; these keep those fills counted without letting the book grow.
 */
export const ENDED_KEEP_MS = 10 * 60_000;
export const ENDED_KEEP_COUNT = 500;

/** An order ended by a cancel: it holds nothing, and only a fill reported late can still change it. */
export interface EndedOrder {
  readonly order: TrackedOrder;
  /** When the cancel was applied (the event's time, so every process replaying the journal agrees). */
  readonly endedAt: number;
}

/**
 * Orders in flight and open, findable by reservation id, txid or client order id. Every change re-applies the
 * order's exposure to the {@link ExposureBook}. Orders ended by a cancel stay apart ({@link findEnded}), oldest
 * first, at most {@link ENDED_KEEP_COUNT} of them.
 */
export class OrderBook {
  readonly #orders = new Map<string, TrackedOrder>();
  readonly #aliases = new Map<string, string>();
  readonly #ended = new Map<string, EndedOrder>();
  readonly #endedAliases = new Map<string, string>();

  constructor(
    private readonly book: ExposureBook,
    private readonly table: () => AllowanceTable,
  ) {}

  /** By reservation id, txid or client order id. */
  find(id: string): TrackedOrder | undefined {
    return this.#orders.get(id) ?? this.#orders.get(this.#aliases.get(id) ?? '');
  }

  all(): IterableIterator<TrackedOrder> {
    return this.#orders.values();
  }

  get size(): number {
    return this.#orders.size;
  }

  add(input: NewOrder): TrackedOrder {
    const order = this.#build(input);
    this.#orders.set(order.ref, order);
    if (order.txid !== undefined) this.#aliases.set(order.txid, order.ref);
    if (order.clOrdId !== undefined) this.#aliases.set(order.clOrdId, order.ref);
    if (order.reservedRef !== undefined) this.#aliases.set(order.reservedRef, order.ref);
    this.book.countOrder(order.pair.id, 1);
    this.#reapply(order);
    return order;
  }

  accept(order: TrackedOrder, txid: string | undefined): void {
    order.status = 'open';
    order.expiresAt = undefined;
    if (txid !== undefined) this.#setTxid(order, txid);
  }

  /**
   * Saves what accepting `order` (with `txid`) or removing it is about to change, and returns how to put it all
   * back exactly: its fields, its place among the orders, the names that find orders, and the aggregates. A shared
   * guard shows an outcome at once, and takes it back to apply journal entries that come before it.
   */
  saveBefore(order: TrackedOrder, removing: boolean, txid?: string): () => void {
    const fields = { status: order.status, expiresAt: order.expiresAt, txid: order.txid };
    const names = [order.txid, txid, order.clOrdId, order.reservedRef, order.pendingAmend?.ref]
      .filter((name): name is string => name !== undefined)
      .map((name) => [name, this.#aliases.get(name)] as const);
    const place = removing ? [...this.#orders.keys()].indexOf(order.ref) : -1;
    const book = removing ? this.book.save(order.pair.id, order.exposure.pool) : undefined;
    return () => {
      Object.assign(order, fields);
      for (const [name, ref] of names) {
        if (ref === undefined) this.#aliases.delete(name);
        else this.#aliases.set(name, ref);
      }
      if (place >= 0 && !this.#orders.has(order.ref)) this.#insertAt(order, place);
      book?.();
    };
  }

  /**
   * An order ended by a cancel, by the same names as {@link find}, while it is kept: ended at most
   * {@link ENDED_KEEP_MS} before `now` (any time, when `now` is not given).
   */
  findEnded(id: string, now?: number): TrackedOrder | undefined {
    const entry = this.#ended.get(id) ?? this.#ended.get(this.#endedAliases.get(id) ?? '');
    if (entry === undefined || (now !== undefined && now > entry.endedAt + ENDED_KEEP_MS)) return undefined;
    return entry.order;
  }

  /** The ended orders kept, oldest first (exported with the state). */
  ended(): IterableIterator<EndedOrder> {
    return this.#ended.values();
  }

  /** Records a fill; returns the volume that counted (never more than what was left). */
  fill(order: TrackedOrder, volume: Dec): Dec {
    const left = order.volume.minus(order.filled);
    const counted = volume.gt(left) ? left : volume;
    order.filled = order.filled.plus(counted);
    if (this.#ended.get(order.ref)?.order === order) {
      // It holds nothing to re-apply; once wholly filled no later report can count, so it is no longer kept.
      if (order.filled.gte(order.volume)) this.#forgetEnded(order);
    } else if (order.filled.gte(order.volume)) this.remove(order);
    else this.#reapply(order);
    return counted;
  }

  /**
   * Cancelled or expired at `at`: releases everything it holds, as {@link remove} does, and keeps it findable by
   * {@link findEnded} for the fills Kraken made before the cancel but reports after it. A pending amend ends with
   * it; its volume stays the larger of old and new, since the exchange may have taken the amend unanswered.
   */
  end(order: TrackedOrder, at: number): void {
    if (!this.#orders.has(order.ref)) return;
    this.remove(order);
    const amend = order.pendingAmend;
    order.pendingAmend = undefined;
    if (amend?.volume.gt(order.volume)) order.volume = amend.volume;
    order.exposure = orderExposure(order, ZERO, ZERO, this.table());
    if (order.filled.gte(order.volume)) return;
    this.#keepEnded(order, at);
    this.#pruneEnded(at);
  }

  /** Puts back an ended order read from exported state, as it was (nothing held, no pruning). */
  restoreEnded(input: NewOrder, endedAt: number): TrackedOrder {
    const order = this.#build(input);
    this.#keepEnded(order, endedAt);
    return order;
  }

  /** Cancel, reject or full fill: the order's whole remaining exposure is released. */
  remove(order: TrackedOrder): void {
    if (!this.#orders.has(order.ref)) return;
    this.book.addOrder(order.exposure, -1);
    this.book.countOrder(order.pair.id, -1);
    this.#orders.delete(order.ref);
    if (order.txid !== undefined) this.#aliases.delete(order.txid);
    if (order.clOrdId !== undefined) this.#aliases.delete(order.clOrdId);
    if (order.reservedRef !== undefined) this.#aliases.delete(order.reservedRef);
    if (order.pendingAmend !== undefined) this.#aliases.delete(order.pendingAmend.ref);
  }

  beginAmend(order: TrackedOrder, amend: PendingAmend): void {
    order.pendingAmend = amend;
    this.#aliases.set(amend.ref, order.ref);
    this.#reapply(order);
  }

  /** The amend took effect at `at`: the order now holds only its new size and price, and its age restarts. */
  commitAmend(order: TrackedOrder, newTxid: string | undefined, at: number): void {
    const amend = order.pendingAmend;
    if (amend === undefined) return;
    order.pendingAmend = undefined;
    this.#aliases.delete(amend.ref);
    order.volume = amend.volume;
    order.price = amend.price;
    order.changedAt = at;
    // EditOrder places a new order for the rest: the exchange counts its executions from 0.
    if (amend.replace) order.filledBase = order.filled;
    if (amend.replace && newTxid !== undefined) this.#setTxid(order, newTxid);
    if (order.filled.gte(order.volume)) this.remove(order);
    else this.#reapply(order);
  }

  abortAmend(order: TrackedOrder): void {
    const amend = order.pendingAmend;
    if (amend === undefined) return;
    order.pendingAmend = undefined;
    this.#aliases.delete(amend.ref);
    this.#reapply(order);
  }

  /** Drops every order, ended ones too: the exchange's positions then hold whatever they filled. */
  clear(): void {
    this.#orders.clear();
    this.#aliases.clear();
    this.#ended.clear();
    this.#endedAliases.clear();
  }

  #build(input: NewOrder): TrackedOrder {
    return {
      ...input,
      owner: input.owner,
      instance: input.instance,
      expiresAt: input.expiresAt,
      reservedRef: input.reservedRef,
      txid: input.txid,
      status: input.status ?? 'in-flight',
      filled: input.filled ?? ZERO,
      filledBase: input.filledBase ?? ZERO,
      pendingAmend: undefined,
      exposure: orderExposure(input, ZERO, ZERO, this.table()),
    };
  }

  #keepEnded(order: TrackedOrder, endedAt: number): void {
    // The same ref ended again (an exchange order seeded anew): the newer end takes its place, last in line.
    const earlier = this.#ended.get(order.ref);
    if (earlier !== undefined) this.#forgetEnded(earlier.order);
    this.#ended.set(order.ref, { order, endedAt });
    for (const name of [order.txid, order.clOrdId, order.reservedRef])
      if (name !== undefined) this.#endedAliases.set(name, order.ref);
  }

  // Oldest first: over the count, or past their time at `now`. Reads only the state and the event's time, so
  // every process folding the same journal keeps the same ones.
  #pruneEnded(now: number): void {
    for (const { order, endedAt } of this.#ended.values()) {
      if (this.#ended.size <= ENDED_KEEP_COUNT && endedAt + ENDED_KEEP_MS >= now) return;
      this.#forgetEnded(order);
    }
  }

  #forgetEnded(order: TrackedOrder): void {
    this.#ended.delete(order.ref);
    // A client order id can be reused by a later order: only names still pointing here go.
    for (const name of [order.txid, order.clOrdId, order.reservedRef])
      if (name !== undefined && this.#endedAliases.get(name) === order.ref) this.#endedAliases.delete(name);
  }

  // Back in its old place: orders iterate (and export) in the order they were added.
  #insertAt(order: TrackedOrder, place: number): void {
    const entries = [...this.#orders];
    entries.splice(place, 0, [order.ref, order]);
    this.#orders.clear();
    for (const [ref, kept] of entries) this.#orders.set(ref, kept);
  }

  #setTxid(order: TrackedOrder, txid: string): void {
    if (order.txid !== undefined) this.#aliases.delete(order.txid);
    order.txid = txid;
    this.#aliases.set(txid, order.ref);
  }

  #reapply(order: TrackedOrder): void {
    this.book.addOrder(order.exposure, -1);
    const amend = order.pendingAmend;
    const volume = amend?.volume.gt(order.volume) ? amend.volume : order.volume;
    const price = amend?.price.gt(order.price) ? amend.price : order.price;
    const remaining = volume.minus(order.filled);
    order.exposure = orderExposure(order, remaining, price, this.table());
    this.book.addOrder(order.exposure, 1);
  }
}

/**
 * An order holds its remaining volume × price as notional; a position-opening margin order also holds the pool
 * amount it would borrow and the position size it would add; a reducing order, the part of the position it closes.
 */
function orderExposure(
  order: Pick<TrackedOrder, 'pair' | 'side' | 'opening' | 'reducing'>,
  remaining: Dec,
  price: Dec,
  table: AllowanceTable,
): Exposure {
  const { pair, side, opening } = order;
  const positive = remaining.gt(0) ? remaining : ZERO;
  const borrow = opening ? borrowOf(pair, side, positive, price, table) : { pool: undefined, amount: ZERO };
  return {
    pairId: pair.id,
    side,
    pool: borrow.pool,
    borrow: borrow.amount,
    sizeVolume: opening ? positive : ZERO,
    closingVolume: order.reducing ? positive : ZERO,
    notional: positive.times(price),
  };
}
