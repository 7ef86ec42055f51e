import type { TradingAction } from '../endpoints/define.js';
import { PRIORITY, type RateOutcome, type RateTicket } from '../rate-limit/types.js';
import type { ExecutionsMessage } from './messages.js';
import type { WsAddOrderResult, WsCancelOrderResult } from './trading-results.js';

/**
 * Rate tickets for the WebSocket v2 trading methods, shaped like the REST client's (client/ticket.ts) so one
 * limiter charges an order to the same per-pair matching-engine counter whichever way it was sent (docs/kraken/rate-limits.md:
 * the counter is shared across REST, WebSocket and FIX).
 */

/** The matching-engine action each WebSocket trading method is charged as (its REST twin's). */
const ACTIONS: Readonly<Record<string, TradingAction>> = {
  add_order: 'add',
  batch_add: 'batch-add',
  amend_order: 'amend',
  edit_order: 'edit',
  cancel_order: 'cancel',
  batch_cancel: 'batch-cancel',
  cancel_all: 'cancel-all',
  cancel_all_orders_after: 'dead-man',
};

/**
 * Assets the WebSocket v2 API names differently from REST: Kraken writes Bitcoin `BTC` in v2 and `XBT` in REST
 * altnames (docs/kraken/rest-endpoints.md "Asset / pair naming"). Other renamed assets are not documented there: map them with
 * the `limiterPair` option.
 */
const V2_TO_REST_ASSET: Readonly<Record<string, string>> = { BTC: 'XBT' };

/**
 * Default `limiterPair`: a v2 symbol (`BTC/USD`) as the REST altname-style name (`XBT/USD`), which the limiter's
 * default pair key turns into `XBTUSD`, the same key as a REST order on pair `XBTUSD` or `XBT/USD`.
 */
export function restPairOfWsSymbol(symbol: string): string {
  return symbol
    .split('/')
    .map((asset) => V2_TO_REST_ASSET[asset.toUpperCase()] ?? asset)
    .join('/');
}

/** The ticket of one WebSocket trading request (`wire` as sent, without the token). */
export function wsTicketFor(
  method: string,
  wire: Readonly<Record<string, unknown>>,
  pairOf: (symbol: string) => string,
): RateTicket {
  const action = ACTIONS[method];
  if (action === undefined) throw new Error(`no rate class for WebSocket method ${method}`);
  const ticket: RateTicket = {
    endpoint: `ws:${method}`,
    rate: { kind: 'trading', action },
    priority: priorityOf(action),
  };
  if (typeof wire.symbol === 'string') ticket.pair = pairOf(wire.symbol);
  if (action === 'batch-add' && Array.isArray(wire.orders)) ticket.count = wire.orders.length;
  if (action === 'add' || action === 'batch-add') return ticket;
  const ids = referencedOrderIds(wire);
  if (ids.length > 0) ticket.orderIds = ids;
  if (action === 'batch-cancel') ticket.count = ids.length;
  return ticket;
}

/** Cancels go first, then new orders (a cancel waiting behind orders defeats its purpose). */
function priorityOf(action: TradingAction): number {
  return action === 'cancel' || action === 'batch-cancel' || action === 'cancel-all' || action === 'dead-man'
    ? PRIORITY.cancel
    : PRIORITY.order;
}

/**
 * Orders a request refers to: `order_id`, `cl_ord_id` (one or a list), batch `orders`, and userrefs as text (the
 * limiter cannot resolve a userref, so it is charged as one unknown order: the worst case).
 */
function referencedOrderIds(wire: Readonly<Record<string, unknown>>): string[] {
  const ids: string[] = [];
  for (const field of ['order_id', 'cl_ord_id', 'orders', 'order_userref']) {
    const value = wire[field];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' || typeof item === 'number') ids.push(String(item));
    }
  }
  return ids;
}

type Created = { id: string; clOrdId?: string; pair: string };

/** What a successful add tells the limiter: the orders created, with their client ids and the ticket's pair. */
export function addedOutcome(
  ticket: RateTicket,
  wire: Readonly<Record<string, unknown>>,
  results: readonly WsAddOrderResult[],
): RateOutcome {
  if (wire.validate === true) return { ok: true };
  const sentOrders = Array.isArray(wire.orders) ? (wire.orders as unknown[]) : [wire];
  // Results line up with the orders sent only when every order was placed: after a partial batch (an order refused
  // on its own is left out) the n-th result may be any order's, so a missing cl_ord_id is not taken by position.
  const aligned = results.length === sentOrders.length;
  const created: Created[] = results.map((result, index) => {
    const sent = (aligned ? sentOrders[index] : undefined) as { cl_ord_id?: unknown } | undefined;
    const clOrdId = result.cl_ord_id ?? (typeof sent?.cl_ord_id === 'string' ? sent.cl_ord_id : undefined);
    const pair = ticket.pair ?? '';
    return clOrdId === undefined ? { id: result.order_id, pair } : { id: result.order_id, clOrdId, pair };
  });
  return created.length > 0 ? { ok: true, created } : { ok: true };
}

/** What a cancel_order tells the limiter: the orders Kraken said it cancelled are closed. */
export function cancelledOutcome(result: WsCancelOrderResult): RateOutcome {
  const closed: string[] = [];
  for (const order of result.cancelled) {
    if (order.order_id !== undefined) closed.push(order.order_id);
    else if (order.cl_ord_id !== undefined) closed.push(order.cl_ord_id);
  }
  return closed.length > 0 ? { ok: true, closed } : { ok: true };
}

/**
 * The matching-engine counters an executions message reports (`ratecount`, present when subscribed with
 * `ratecounter: true`), the last one per symbol. Text that is not a finite number ≥ 0 is left out.
 */
export function reportedRateCounts(message: ExecutionsMessage): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of message.data) {
    if (record.ratecount === undefined || record.symbol === undefined) continue;
    const value = Number(record.ratecount);
    if (Number.isFinite(value) && value >= 0) counts.set(record.symbol, value);
  }
  return counts;
}
