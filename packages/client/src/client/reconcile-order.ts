/**
 * What to do when an order-placing call may or may not have taken effect (timeout after sending, reset mid-flight,
 * 5xx, `EService:Unavailable` and friends): never re-send it blindly; look the order up by its client order id.
 */
import type { Logger } from 'pino';
import type { WireParams } from '../encoding.js';
import {
  ClosedOrders,
  type ClosedOrdersParams,
  type ClosedOrdersResult,
} from '../endpoints/account/closed-orders.js';
import {
  OpenOrders,
  type OpenOrdersParams,
  type OpenOrdersResult,
} from '../endpoints/account/open-orders.js';
import type { ClosedOrderInfo, OrderInfo } from '../endpoints/account/order-info.js';
import type { EndpointDescriptor } from '../endpoints/define.js';
import {
  KrakenError,
  OrderNotPlacedError,
  TransportError,
  UnknownOrderOutcomeError,
} from '../errors/index.js';
import { clientOrderIdsOf } from './cl-ord-id.js';

/** Kraken's AddOrder `deadline` is at most now + 60 s; waiting longer than that for one is never needed. */
const MAX_DEADLINE_WAIT_MS = 60_000;

/** Runs a query through the client's full pipeline (permissions, limiter, key lane, retries). */
export type Query = <P, R>(descriptor: EndpointDescriptor<P, R>, params: P) => Promise<R>;

export interface ReconcileDeps {
  query: Query;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Pause before the first lookup so an order still being processed can show up (ms). */
  delayMs: number;
  /** When the ambiguous call was handed to the transport (epoch ms). */
  sentAtMs: number;
  logger: Logger;
}

/** A result rebuilt from the exchange's records rather than from the lost answer. */
export type Reconciled<T> = T & { reconciled: true };

/** True when the call's outcome may be that it took effect: those are reconciled, not retried. */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof TransportError) return error.outcome === 'unknown';
  return error instanceof KrakenError && error.ambiguous;
}

/**
 * Reconciles an AddOrder / AddOrderBatch whose outcome is unknown.
 * - every order found (OpenOrders, then ClosedOrders) → the result as Kraken would have answered, `reconciled: true`;
 * - none found → throws `OrderNotPlacedError` (outcome known: not placed; `cause` is `original`);
 * - lookups fail, or only some orders are found → `UnknownOrderOutcomeError`.
 * Orders without a `cl_ord_id` (the caller used `userref`) cannot be looked up: `original` is thrown as is.
 *
 * Absence is only certain once Kraken can no longer accept the order: with a `deadline` in the params the lookup
 * waits until it has passed; without one it waits `delayMs`.
 */
export async function reconcileOrders(
  endpoint: string,
  wire: WireParams,
  original: unknown,
  deps: ReconcileDeps,
): Promise<Reconciled<Record<string, unknown>>> {
  const ids = clientOrderIdsOf(endpoint, wire);
  if (ids.length === 0 || ids.some((id) => id === undefined)) throw original;
  const clOrdIds = ids as string[];
  await deps.sleep(waitBeforeLookup(wire, deps));
  let found: Lookup;
  try {
    found =
      endpoint === 'AddOrder'
        ? await lookupOne(clOrdIds[0] as string, deps)
        : await lookupMany(clOrdIds, deps);
  } catch (error) {
    deps.logger.warn({ endpoint, code: codeOf(error) }, 'order reconciliation lookup failed');
    throw new UnknownOrderOutcomeError(endpoint, clOrdIds.join(','), new AggregateError([original, error]));
  }
  if (found.orders.size === clOrdIds.length) {
    deps.logger.info({ endpoint, clOrdIds }, 'order outcome reconciled: placed');
    return endpoint === 'AddOrder' ? singleResult(found.orders) : batchResult(clOrdIds, found.orders);
  }
  if (found.orders.size === 0 && found.complete) {
    deps.logger.info({ endpoint, clOrdIds }, 'order outcome reconciled: not placed');
    throw new OrderNotPlacedError(endpoint, clOrdIds, original);
  }
  throw new UnknownOrderOutcomeError(endpoint, clOrdIds.join(','), original);
}

interface Lookup {
  /** cl_ord_id → [txid, order]. */
  orders: Map<string, [string, OrderInfo]>;
  /** False when the history searched may have been cut short (more closed orders than one page). */
  complete: boolean;
}

async function lookupOne(clOrdId: string, deps: ReconcileDeps): Promise<Lookup> {
  const open = await deps.query<OpenOrdersParams, OpenOrdersResult>(OpenOrders, { cl_ord_id: clOrdId });
  let orders = matching(open.open, [clOrdId]);
  if (orders.size > 0) return { orders, complete: true };
  const closed = await deps.query<ClosedOrdersParams, ClosedOrdersResult>(ClosedOrders, {
    cl_ord_id: clOrdId,
  });
  orders = matching(closed.closed, [clOrdId]);
  // An answer without its list says nothing about the order: it cannot prove the order absent.
  return { orders, complete: isRecord(open.open) && isRecord(closed.closed) };
}

/** A batch: one unfiltered OpenOrders and one ClosedOrders page since just before the send, matched locally. */
async function lookupMany(clOrdIds: readonly string[], deps: ReconcileDeps): Promise<Lookup> {
  const open = await deps.query<OpenOrdersParams, OpenOrdersResult>(OpenOrders, {});
  const orders = matching(open.open, clOrdIds);
  if (orders.size === clOrdIds.length) return { orders, complete: true };
  const start = Math.floor(deps.sentAtMs / 1000) - 1;
  const closed = await deps.query<ClosedOrdersParams, ClosedOrdersResult>(ClosedOrders, { start });
  for (const [id, entry] of matching(closed.closed, clOrdIds)) orders.set(id, entry);
  if (!isRecord(open.open) || !isRecord(closed.closed)) return { orders, complete: false };
  // Without a count the page may be the first of several: the orders may be on one not fetched.
  const page = Object.keys(closed.closed).length;
  return { orders, complete: typeof closed.count === 'number' && closed.count <= page };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matching(
  records: Record<string, OrderInfo | ClosedOrderInfo> | undefined,
  clOrdIds: readonly string[],
): Map<string, [string, OrderInfo]> {
  const wanted = new Set(clOrdIds);
  const found = new Map<string, [string, OrderInfo]>();
  for (const [txid, order] of Object.entries(records ?? {})) {
    // Matched by equality, not trusted to the server-side filter.
    const id = order?.cl_ord_id;
    if (typeof id === 'string' && wanted.has(id)) found.set(id, [txid, order]);
  }
  return found;
}

function singleResult(orders: Map<string, [string, OrderInfo]>): Reconciled<Record<string, unknown>> {
  const [txid, order] = orders.values().next().value as [string, OrderInfo];
  return { descr: description(order), txid: [txid], reconciled: true };
}

function batchResult(
  clOrdIds: readonly string[],
  orders: Map<string, [string, OrderInfo]>,
): Reconciled<Record<string, unknown>> {
  const entries = clOrdIds.map((id) => {
    const [txid, order] = orders.get(id) as [string, OrderInfo];
    return { txid, descr: description(order) };
  });
  return { orders: entries, reconciled: true };
}

function description(order: OrderInfo): { order: string; close?: string } {
  const close = order.descr?.close;
  return close ? { order: order.descr.order, close } : { order: order.descr?.order ?? '' };
}

function waitBeforeLookup(wire: WireParams, deps: ReconcileDeps): number {
  const deadline = wire['deadline'];
  const deadlineMs = typeof deadline === 'string' ? Date.parse(deadline) : Number.NaN;
  if (Number.isNaN(deadlineMs)) return deps.delayMs;
  // A second past the deadline: the matching engine then rejects the order if it has not taken it yet.
  const untilDeadline = Math.min(deadlineMs + 1_000 - deps.now(), MAX_DEADLINE_WAIT_MS);
  return Math.max(deps.delayMs, untilDeadline);
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
