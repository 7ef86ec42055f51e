import type { Account } from '../accounts/account.js';
import { isOpen, type Order } from '../orders/order.js';

/** An order as metrics report it: plain JSON, amounts as decimal text, times on the exchange clock (epoch ms). */
export interface OrderRecord {
  txid: string;
  account: string;
  /** The pair's WebSocket name, e.g. `XBT/USD`. */
  pair: string;
  side: 'buy' | 'sell';
  type: string;
  /** Limit or trigger price; undefined for a market order. */
  price: string | undefined;
  volume: string;
  volExec: string;
  status: string;
  clOrdId: string | null;
  userref: number | null;
  leverage: number | undefined;
  /** `open` borrows from a margin pool, `reduce` closes a position; undefined for spot. */
  marginRole: string | undefined;
  openedAt: number;
  closedAt: number | undefined;
}

/** Orders of one account that point at a client placing something twice. */
export interface OrderAudit {
  account: string;
  /** Orders ever placed. */
  total: number;
  /** Orders open now. */
  open: OrderRecord[];
  /** cl_ord_ids carried by more than one order, open or closed. */
  duplicateClOrdIds: Array<{ clOrdId: string; txids: string[] }>;
  /**
   * Identical orders (pair, side, type, price, volume, leverage) open at the same time, when more than one ever
   * was: a level of a grid holds one order, so two at once means two grids (or a retry placed it twice).
   */
  twinsOpenAtOnce: Array<{ order: string; most: number; at: number }>;
}

/** The order as metrics report it. */
export function orderRecord(order: Order): OrderRecord {
  return {
    txid: order.txid,
    account: order.accountId,
    pair: order.pair.wsname,
    side: order.side,
    type: order.ordertype,
    price: order.price?.toFixed(),
    volume: order.volume.toFixed(),
    volExec: order.volExec.toFixed(),
    status: order.status,
    clOrdId: order.clOrdId,
    userref: order.userref,
    leverage: order.leverage,
    marginRole: order.marginRole,
    openedAt: order.openedAt,
    closedAt: isOpen(order) ? undefined : order.closedAt,
  };
}

/** Audits one account's orders: open ones, duplicate cl_ord_ids, identical orders open at once. */
export function auditOrders(account: Account): OrderAudit {
  const byClOrdId = new Map<string, string[]>();
  const twins = new Map<string, Order[]>();
  const open: OrderRecord[] = [];
  for (const order of account.orders.values()) {
    if (isOpen(order)) open.push(orderRecord(order));
    if (order.clOrdId !== null)
      byClOrdId.set(order.clOrdId, [...(byClOrdId.get(order.clOrdId) ?? []), order.txid]);
    const shape = orderShape(order);
    twins.set(shape, [...(twins.get(shape) ?? []), order]);
  }
  return {
    account: account.id,
    total: account.orders.size,
    open,
    duplicateClOrdIds: [...byClOrdId]
      .filter(([, txids]) => txids.length > 1)
      .map(([clOrdId, txids]) => ({ clOrdId, txids })),
    twinsOpenAtOnce: [...twins]
      .filter(([, orders]) => orders.length > 1)
      .map(([order, orders]) => ({ order, ...mostOpenAtOnce(orders) }))
      .filter((twin) => twin.most > 1),
  };
}

function orderShape(order: Order): string {
  const price = order.price === undefined ? 'market' : `@ ${order.price.toFixed()}`;
  const leverage = order.leverage === undefined ? '' : ` ${order.leverage}x`;
  return `${order.side} ${order.volume.toFixed()} ${order.pair.wsname} ${order.ordertype} ${price}${leverage}`;
}

// A sweep over open/close times; at one instant a close is counted before an open (a level re-placed after a fill
// in the same millisecond is not two orders at once).
function mostOpenAtOnce(orders: readonly Order[]): { most: number; at: number } {
  const moves: Array<[number, number]> = [];
  for (const order of orders) {
    moves.push([order.openedAt, 1]);
    if (!isOpen(order)) moves.push([order.closedAt ?? order.openedAt, -1]);
  }
  moves.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let most = 0;
  let at = 0;
  for (const [time, step] of moves) {
    current += step;
    if (current > most) {
      most = current;
      at = time;
    }
  }
  return { most, at };
}
