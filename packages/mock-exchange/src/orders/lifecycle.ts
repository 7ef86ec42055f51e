import type { Account } from '../accounts/account.js';
import type { ExchangeContext, OrderEventKind } from '../context.js';
import type { Order } from './order.js';
import { isOpen } from './order.js';

/** Puts a new order on the books (open-order index, GTD expiry) and announces it. */
export function registerOrder(ctx: ExchangeContext, account: Account, order: Order, now: number): void {
  account.orders.set(order.txid, order);
  account.open.add(order);
  ctx.openOrders.add(order);
  if (order.expireAt !== undefined) {
    order.expiryTask = ctx.scheduler.schedule(order.expireAt, (at) =>
      finishOrder(ctx, order, 'expired', null, at),
    );
  }
  emitOrder(ctx, order, 'pending_new', now);
  emitOrder(ctx, order, 'new', now);
}

/** Ends an order's life: filled (`closed`), `canceled` with a reason, or `expired`. No-op when already closed. */
export function finishOrder(
  ctx: ExchangeContext,
  order: Order,
  status: 'closed' | 'canceled' | 'expired',
  reason: string | null,
  now: number,
): void {
  if (!isOpen(order)) return;
  order.status = status;
  order.reason = reason;
  order.closedAt = now;
  if (order.volExec.greaterThan(0) && status !== 'closed') order.misc.add('partial');
  ctx.openOrders.remove(order);
  ctx.accounts.get(order.accountId)?.open.delete(order);
  if (order.expiryTask) order.expiryTask.cancelled = true;
  emitOrder(ctx, order, status === 'closed' ? 'filled' : status, now);
}

export function emitOrder(ctx: ExchangeContext, order: Order, kind: OrderEventKind, time: number): void {
  ctx.events.emit('order', { kind, accountId: order.accountId, order, time });
}
