import { type PairIndex, ValidationError } from '@krakenkit/core';
import { type Dec, toDecimal, ZERO } from '../decimal.js';
import { oppositeSide } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';
import type { ExchangeSnapshot, OpenOrderRaw } from './exchange-raw.js';
import type { GuardState } from './guard-state.js';
import type { TrackedOrder } from './orders.js';
import { type SeedContext, type SeedReport, seedState } from './seed.js';

/** Options of a reconcile. */
export interface ReconcileOptions {
  /**
   * When the snapshot was read from the exchange (epoch ms): the time just before its first request was sent.
   * What the guard learned at or after it is kept (see reconcileState); without it the snapshot replaces all.
   */
  readAt?: number;
}

/** `options.readAt`, checked: undefined, or a finite non-negative epoch-ms time. Throws a ValidationError. */
export function readAtOf(options: ReconcileOptions | undefined): number | undefined {
  const readAt = options?.readAt;
  if (readAt === undefined) return undefined;
  if (typeof readAt !== 'number' || !Number.isFinite(readAt) || readAt < 0)
    throw new ValidationError('readAt', readAt, 'a finite non-negative epoch-ms time');
  return readAt;
}

/** How reconciliation changed the guard's view: pool totals before and after, and counts. */
export interface ReconcileReport extends SeedReport {
  /** Currencies whose pool usage changed: before → after (decimal text). */
  pools: Readonly<Record<string, { before: string; after: string }>>;
  /** In-flight orders kept because the exchange had not shown them yet and their lease had not ended. */
  keptInFlight: number;
  /** In-flight orders dropped: their lease ended and the exchange does not show them (never placed, or done). */
  expiredInFlight: number;
}

/**
 * Replaces positions and open orders with the exchange's (the exchange is the truth), keeping only in-flight
 * reservations the exchange cannot know about yet: those it does not show (by client order id or txid) whose
 * lease has not ended at `at`. One whose lease has ended is dropped: an order placed by then would be on the
 * book or, filled, in the positions; so a process that died mid-order does not hold headroom for ever. Pending
 * amends are dropped (the exchange's order is what it is), and so are the cancelled orders kept for late fills:
 * the exchange's positions hold what they filled. Full rebuild: O(n), for periodic use only.
 *
 * With `readAt` (when the snapshot was read, at or before `at`), what the guard learned since is kept:
 * - an order it saw end (cancelled or expired) at or after `readAt` is not revived by a snapshot still showing it
 *   open; it stays kept for late fills, its filled volume the larger of the guard's and the snapshot's;
 * - an order it reserved at or after `readAt` (so the snapshot cannot show it) stays, open or in flight, and an
 *   in-flight lease is judged at `readAt` (an order placed by then would be in the snapshot);
 * - an order's filled volume is the larger of the snapshot's `vol_exec` and the guard's own (a fill applied after
 *   the read is not undone), and the fills the guard holds beyond the snapshot's are put back into positions,
 *   which predate them. They cannot be put back exactly, so they fail closed (more headroom held, never less):
 *   they open a position (named by the order's txid, costed at the order's price: for a buy the most a limit
 *   fill costs; a short borrows its volume) for the part an opposite position on the pair would not absorb, and
 *   reduce no position: the snapshot's positions may already show that reduction (OpenPositions is read apart
 *   from OpenOrders), and reducing twice would free headroom still in use. Until the next reconcile an opposite
 *   position may so be held in full.
 * An order the guard saw wholly filled after the read is no longer tracked, so the snapshot revives its unfilled
 * rest: that holds about what the position it became holds, which the snapshot's positions lack (fail closed).
 */
export function reconcileState(
  state: GuardState,
  pairs: PairIndex<GuardPair>,
  snapshot: ExchangeSnapshot,
  at: number,
  context: SeedContext,
  readAt?: number,
): ReconcileReport {
  const before = poolTotals(state);
  const own = readAt === undefined ? undefined : learnedSince(state, readAt);
  const inFlight = [...state.orders.all()].filter((order) => order.status === 'in-flight');
  // Which bot and process placed an order is not on the exchange: it carries over, so the order's later fills
  // still count once, for that bot.
  const byId = new Map<string, TrackedOrder>();
  for (const order of state.orders.all()) {
    if (order.clOrdId !== undefined) byId.set(`c:${order.clOrdId}`, order);
    if (order.txid !== undefined) byId.set(`t:${order.txid}`, order);
  }
  const previous = (txid: string, clOrdId: string | undefined) =>
    byId.get(`t:${txid}`) ?? (clOrdId === undefined ? undefined : byId.get(`c:${clOrdId}`));
  const known = knownIds(snapshot);
  const shown = shownOrders(snapshot);
  state.orders.clear();
  state.positions.clear();
  state.exposure.clear();
  state.unresolved.clear();
  const seedContext: SeedContext =
    own === undefined
      ? { ...context, previous }
      : {
          ...context,
          previous,
          skip: (txid, clOrdId) => own.endedByName(txid, clOrdId) !== undefined,
          filledAtLeast: filledFloor,
        };
  const report = seedState(state, pairs, snapshot, seedContext);
  // An order placed by the time the snapshot was read would be in it: leases are judged at the read.
  const leaseEnd = readAt === undefined ? at : Math.min(readAt, at);
  let keptInFlight = 0;
  let expiredInFlight = 0;
  for (const order of inFlight) {
    if (isKnown(order, known)) continue;
    if (order.expiresAt !== undefined && order.expiresAt <= leaseEnd) {
      expiredInFlight += 1;
      continue;
    }
    state.orders.add(copyOf(order));
    keptInFlight += 1;
  }
  if (own !== undefined) keepLearned(state, own, known, shown, at);
  return { ...report, pools: diff(before, poolTotals(state)), keptInFlight, expiredInFlight };
}

/** What the guard learned at or after a snapshot's read, saved before the state is cleared. */
interface Learned {
  /** Orders it saw end at or after the read, with when. */
  ended: { order: TrackedOrder; endedAt: number }[];
  /** Open orders it reserved at or after the read. */
  placed: TrackedOrder[];
  /** Every order it tracks (in flight and open): their fills may postdate the snapshot. */
  live: TrackedOrder[];
  endedByName(txid: string, clOrdId: string | undefined): TrackedOrder | undefined;
}

function learnedSince(state: GuardState, readAt: number): Learned {
  const ended = [...state.orders.ended()].filter((entry) => entry.endedAt >= readAt);
  const names = new Map<string, TrackedOrder>();
  // By client order id only when the ended order has no txid: a later order can reuse the client order id.
  for (const { order } of ended) {
    if (order.txid !== undefined) names.set(`t:${order.txid}`, order);
    else if (order.clOrdId !== undefined) names.set(`c:${order.clOrdId}`, order);
  }
  const live = [...state.orders.all()];
  return {
    ended,
    placed: live.filter((order) => order.status === 'open' && order.changedAt >= readAt),
    live,
    endedByName: (txid, clOrdId) =>
      names.get(`t:${txid}`) ?? (clOrdId === undefined ? undefined : names.get(`c:${clOrdId}`)),
  };
}

// The guard's filled volume for the snapshot's order, counted as the exchange counts it (from the current txid).
function filledFloor(previous: TrackedOrder, txid: string): Dec | undefined {
  if (previous.txid !== undefined && previous.txid !== txid) return undefined;
  return previous.filled.minus(previous.filledBase);
}

function keepLearned(
  state: GuardState,
  own: Learned,
  known: Set<string>,
  shown: Map<string, OpenOrderRaw>,
  at: number,
): void {
  for (const order of own.placed) {
    if (isKnown(order, known) || state.orders.find(order.ref) !== undefined) continue;
    const kept = state.orders.add(copyOf(order));
    // Sent after the read too, or before it unanswered: it still holds the larger of old and new.
    if (order.pendingAmend !== undefined) state.orders.beginAmend(kept, order.pendingAmend);
  }
  // Fills the guard holds beyond the snapshot's executed volume: of the orders now tracked from its own record
  // (seeded ones hold the larger filled volume already), and of those it saw end since the read.
  for (const order of own.live) {
    // Still tracked: seeded from the snapshot (found by its reservation id), or kept. One dropped was not on the
    // book when read: its fills were made before, and the snapshot's positions hold them.
    if (state.orders.find(order.ref) === undefined) continue;
    const raw = rawOf(order, shown);
    const guardFilled = raw === undefined ? order.filled : order.filled.minus(order.filledBase);
    replayFills(state, order, guardFilled.minus(snapshotFilled(order, shown)), at);
  }
  for (const { order, endedAt } of own.ended) {
    const raw = rawOf(order, shown);
    if (raw === undefined) continue; // Not on the book when read: its fills were all made before, in positions.
    const exchangeFilled = snapshotFilled(order, shown);
    const guardFilled = order.filled.minus(order.filledBase);
    const { exposure: _exposure, pendingAmend: _pending, ...rest } = order;
    state.orders.restoreEnded(
      {
        ...rest,
        filled: exchangeFilled.gt(guardFilled) ? exchangeFilled.plus(order.filledBase) : order.filled,
      },
      endedAt,
    );
    replayFills(state, order, guardFilled.minus(exchangeFilled), at);
  }
}

// The snapshot's executed volume of the guard's order, in the guard's frame (after filledBase), 0 when absent.
function snapshotFilled(order: TrackedOrder, shown: Map<string, OpenOrderRaw>): Dec {
  const raw = rawOf(order, shown);
  if (raw === undefined) return ZERO;
  return toDecimal(`openOrders.${order.txid ?? order.clOrdId}.vol_exec`, raw.vol_exec ?? '0');
}

// The snapshot's entry of the guard's order: by its txid, by its client order id only while it has no txid.
function rawOf(order: TrackedOrder, shown: Map<string, OpenOrderRaw>): OpenOrderRaw | undefined {
  if (order.txid !== undefined) return shown.get(order.txid);
  return order.clOrdId === undefined ? undefined : shown.get(order.clOrdId);
}

/**
 * Puts `volume` of an order's fills back into positions, as applyFill did, but failing closed (see
 * reconcileState): nothing is reduced; what an opposite position would not absorb opens one, at the order's price.
 */
function replayFills(state: GuardState, order: TrackedOrder, volume: Dec, at: number): void {
  if (volume.lte(0) || !(order.opening || order.reducing)) return;
  // A reduce_only order never opens a position; what it reduces stays in the snapshot's positions.
  if (!(order.opening || (order.margin && !order.reduceOnly))) return;
  const opposite = state.exposure.pair(order.pair.id)?.positionVolume[oppositeSide(order.side)] ?? ZERO;
  const left = volume.minus(opposite);
  if (left.lte(0)) return;
  state.positions.open(order.txid ?? order.ref, order.pair, order.side, left, left.times(order.price), at);
}

function shownOrders(snapshot: ExchangeSnapshot): Map<string, OpenOrderRaw> {
  const shown = new Map<string, OpenOrderRaw>();
  for (const [txid, order] of Object.entries(snapshot.openOrders?.open ?? {})) {
    shown.set(txid, order);
    if (order.cl_ord_id) shown.set(order.cl_ord_id, order);
  }
  return shown;
}

function knownIds(snapshot: ExchangeSnapshot): Set<string> {
  const ids = new Set<string>();
  for (const [txid, order] of Object.entries(snapshot.openOrders?.open ?? {})) {
    ids.add(txid);
    if (order.cl_ord_id) ids.add(order.cl_ord_id);
  }
  return ids;
}

function isKnown(order: TrackedOrder, known: Set<string>): boolean {
  return (
    (order.clOrdId !== undefined && known.has(order.clOrdId)) ||
    (order.txid !== undefined && known.has(order.txid))
  );
}

function copyOf(order: TrackedOrder) {
  const { exposure: _exposure, pendingAmend: _pending, ...rest } = order;
  return rest;
}

function poolTotals(state: GuardState): Map<string, string> {
  const totals = new Map<string, string>();
  for (const [currency, usage] of state.exposure.pools()) totals.set(currency, usage.total.toFixed());
  return totals;
}

function diff(
  before: Map<string, string>,
  after: Map<string, string>,
): Record<string, { before: string; after: string }> {
  const out: Record<string, { before: string; after: string }> = {};
  for (const currency of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(currency) ?? '0';
    const now = after.get(currency) ?? '0';
    if (was !== now) out[currency] = { before: was, after: now };
  }
  return out;
}
