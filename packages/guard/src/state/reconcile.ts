import type { PairIndex } from '@krakenkit/core';
import type { GuardPair } from '../pairs/pair-info.js';
import type { ExchangeSnapshot } from './exchange-raw.js';
import type { GuardState } from './guard-state.js';
import type { TrackedOrder } from './orders.js';
import { type SeedContext, type SeedReport, seedState } from './seed.js';

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
 */
export function reconcileState(
  state: GuardState,
  pairs: PairIndex<GuardPair>,
  snapshot: ExchangeSnapshot,
  at: number,
  context: SeedContext,
): ReconcileReport {
  const before = poolTotals(state);
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
  state.orders.clear();
  state.positions.clear();
  state.exposure.clear();
  state.unresolved.clear();
  const report = seedState(state, pairs, snapshot, { ...context, previous });
  let keptInFlight = 0;
  let expiredInFlight = 0;
  for (const order of inFlight) {
    if (isKnown(order, known)) continue;
    if (order.expiresAt !== undefined && order.expiresAt <= at) {
      expiredInFlight += 1;
      continue;
    }
    state.orders.add(copyOf(order));
    keptInFlight += 1;
  }
  return { ...report, pools: diff(before, poolTotals(state)), keptInFlight, expiredInFlight };
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
