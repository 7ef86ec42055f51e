import type { WireParams } from '../encoding.js';
import type { EndpointDescriptor, RateClass } from '../endpoints/define.js';
import { PRIORITY, type RateOutcome, type RateTicket } from '../rate-limit/types.js';
import { clientOrderIdsOf } from './cl-ord-id.js';

type Described = Pick<EndpointDescriptor<unknown, unknown>, 'name' | 'rate'>;

/** What the limiter needs to know about one call: its class, pair, the orders it touches, its priority. */
export function ticketFor(descriptor: Described, wire: WireParams): RateTicket {
  const { rate } = descriptor;
  const ticket: RateTicket = { endpoint: descriptor.name, rate, priority: priorityOf(rate) };
  const pair = wire['pair'];
  if (typeof pair === 'string') ticket.pair = pair;
  if (rate.kind !== 'trading') return ticket;
  if (rate.action === 'batch-add' && Array.isArray(wire['orders'])) ticket.count = wire['orders'].length;
  if (rate.action === 'add' || rate.action === 'batch-add') return ticket;
  const ids = referencedOrderIds(wire);
  if (ids.length > 0) ticket.orderIds = ids;
  if (rate.action === 'batch-cancel') ticket.count = ids.length;
  return ticket;
}

/** Cancels go first, then new orders, then queries (a cancel waiting behind orders defeats its purpose). */
function priorityOf(rate: RateClass): number {
  if (rate.kind !== 'trading') return PRIORITY.query;
  switch (rate.action) {
    case 'cancel':
    case 'batch-cancel':
    case 'cancel-all':
    case 'dead-man':
      return PRIORITY.cancel;
    default:
      return PRIORITY.order;
  }
}

/**
 * Order ids an amend/edit/cancel refers to: `txid` (one or a comma list), `cl_ord_id`, batch `orders`/`cl_ord_ids`.
 * A userref (an integer `txid` or batch entry) is kept as text: the limiter cannot resolve it, so it is charged as
 * one order of unknown age (the worst case), not left out (a batch of userrefs would then cost nothing).
 */
function referencedOrderIds(wire: WireParams): string[] {
  const ids: string[] = [];
  for (const field of ['txid', 'cl_ord_id', 'orders', 'cl_ord_ids']) {
    const value = wire[field];
    const items: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (typeof item === 'string') ids.push(...item.split(',').filter((id) => id !== ''));
      else if (typeof item === 'number') ids.push(String(item));
    }
  }
  return ids;
}

/** The success report for the limiter: orders created (with their client ids and pair) or closed by the call. */
export function successOutcome(ticket: RateTicket, wire: WireParams, result: unknown): RateOutcome {
  if (ticket.rate.kind !== 'trading' || wire['validate'] === true) return { ok: true };
  const { action } = ticket.rate;
  if (action === 'cancel' || action === 'batch-cancel') {
    return ticket.orderIds ? { ok: true, closed: ticket.orderIds } : { ok: true };
  }
  if (action !== 'add' && action !== 'batch-add') return { ok: true };
  const created = createdOrders(ticket.endpoint, wire, result, ticket.pair ?? '');
  return created.length > 0 ? { ok: true, created } : { ok: true };
}

type Created = { id: string; clOrdId?: string; pair: string };

function createdOrders(endpoint: string, wire: WireParams, result: unknown, pair: string): Created[] {
  const created: Created[] = [];
  if (typeof result !== 'object' || result === null) return created;
  if (endpoint === 'AddOrder') {
    const txids = (result as { txid?: unknown }).txid;
    const clOrdId = typeof wire['cl_ord_id'] === 'string' ? wire['cl_ord_id'] : undefined;
    if (Array.isArray(txids)) for (const id of txids) addCreated(created, id, clOrdId, pair);
    return created;
  }
  const clientIds = clientOrderIdsOf(endpoint, wire);
  const orders = (result as { orders?: unknown }).orders;
  if (!Array.isArray(orders)) return created;
  orders.forEach((order: unknown, index) => {
    if (typeof order === 'object' && order !== null) {
      addCreated(created, (order as { txid?: unknown }).txid, clientIds[index], pair);
    }
  });
  return created;
}

function addCreated(into: Created[], id: unknown, clOrdId: string | undefined, pair: string): void {
  if (typeof id !== 'string') return;
  into.push(clOrdId === undefined ? { id, pair } : { id, clOrdId, pair });
}
