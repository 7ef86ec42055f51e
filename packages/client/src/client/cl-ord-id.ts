import { randomUUID } from 'node:crypto';
import type { WireParams } from '../encoding.js';

/** Endpoints whose orders get a client order id so an unknown outcome can be reconciled. */
export const ORDER_PLACING = new Set(['AddOrder', 'AddOrderBatch']);

/**
 * Gives AddOrder, and each order of AddOrderBatch, a `cl_ord_id` (a UUID, one of Kraken's accepted formats) when
 * the caller set neither `cl_ord_id` nor `userref` (Kraken makes them mutually exclusive). Returns new objects;
 * the caller's params are not touched.
 */
export function withClientOrderIds(
  endpoint: string,
  wire: WireParams,
  newId: () => string = randomUUID,
): WireParams {
  if (endpoint === 'AddOrder') return withId(wire, newId);
  if (endpoint === 'AddOrderBatch' && Array.isArray(wire['orders'])) {
    const orders: unknown[] = wire['orders'];
    return { ...wire, orders: orders.map((order) => (isRecord(order) ? withId(order, newId) : order)) };
  }
  return wire;
}

/** The client order ids of the orders in AddOrder / AddOrderBatch wire params, in request order. */
export function clientOrderIdsOf(endpoint: string, wire: WireParams): Array<string | undefined> {
  if (endpoint === 'AddOrder') return [idOf(wire)];
  if (endpoint === 'AddOrderBatch' && Array.isArray(wire['orders'])) {
    const orders: unknown[] = wire['orders'];
    return orders.map((order) => (isRecord(order) ? idOf(order) : undefined));
  }
  return [];
}

function withId(order: WireParams, newId: () => string): WireParams {
  if (order['cl_ord_id'] !== undefined || order['userref'] !== undefined) return order;
  return copyWith(order, 'cl_ord_id', newId());
}

/** `{ ...record, [key]: value }`, built by assignment: V8 makes the spread a larger, slower object. */
function copyWith(record: WireParams, key: string, value: unknown): WireParams {
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(record)) {
    // Assigning `__proto__` would set the copy's prototype instead of copying the field: the spread does it right.
    if (name === '__proto__') return { ...record, [key]: value };
    copy[name] = record[name];
  }
  copy[key] = value;
  return copy;
}

function idOf(order: WireParams): string | undefined {
  const id = order['cl_ord_id'];
  return typeof id === 'string' ? id : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
