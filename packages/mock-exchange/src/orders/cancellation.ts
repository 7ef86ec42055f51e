import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import { E, KrakenRejection } from '../core/rejection.js';
import { tradingCost } from '../rate-limit/trading-costs.js';
import { chargeCancel, refuseSingleCancelOverThreshold } from '../rate-limit/trading-limits.js';
import { finishOrder } from './lifecycle.js';
import type { Order } from './order.js';

export const USER_CANCEL_REASON = 'User requested';

/**
 * Open orders named by a reference: an order txid, an integer userref (every open order with it), or a
 * cl_ord_id.
 */
export function findOpenOrders(account: Account, ref: { txid?: string; clOrdId?: string }): Order[] {
  const found: Order[] = [];
  for (const order of account.openOrders()) {
    if (ref.clOrdId !== undefined && order.clOrdId === ref.clOrdId) found.push(order);
    else if (ref.txid !== undefined) {
      if (order.txid === ref.txid) found.push(order);
      else if (/^-?\d+$/.test(ref.txid) && order.userref === Number(ref.txid)) found.push(order);
    }
  }
  return found;
}

/**
 * Cancels orders, charging each pair's matching-engine counter by order age. A batch (CancelOrderBatch,
 * `batch_cancel`, CancelAll, the dead man's switch) is always accepted; a `single` cancel (CancelOrder,
 * `cancel_order`) over the threshold follows `settings.singleCancelOverThreshold` (refused by default).
 */
export function cancelOrders(
  ctx: ExchangeContext,
  account: Account,
  orders: readonly Order[],
  now: number,
  reason = USER_CANCEL_REASON,
  kind: 'single' | 'batch' = 'batch',
): number {
  if (kind === 'single') {
    refuseSingleCancelOverThreshold(ctx, account, orders, now, ctx.settings.singleCancelOverThreshold);
  }
  let count = 0;
  for (const order of orders) {
    if (order.status !== 'open' && order.status !== 'pending') continue;
    chargeCancel(ctx, account, order.pair, tradingCost.cancel(now - order.touchedAt), now);
    finishOrder(ctx, order, 'canceled', reason, now);
    count += 1;
  }
  return count;
}

/** CancelOrder: `EOrder:Unknown order` when nothing open matches. */
export function cancelByReference(
  ctx: ExchangeContext,
  account: Account,
  ref: { txid?: string; clOrdId?: string },
  now: number,
): number {
  const orders = findOpenOrders(account, ref);
  if (orders.length === 0) throw new KrakenRejection(E.unknownOrder);
  return cancelOrders(ctx, account, orders, now, USER_CANCEL_REASON, 'single');
}

/** Cancels every open order of the account; returns how many were cancelled. */
export function cancelAll(ctx: ExchangeContext, account: Account, now: number): number {
  return cancelOrders(ctx, account, [...account.openOrders()], now);
}

/**
 * CancelAllOrdersAfter (dead man's switch): `timeout` seconds from now every open order of the account is
 * cancelled on the exchange clock, unless the call is repeated (pushing the trigger back) or `timeout` is 0.
 * After firing, the switch stays off until a new non-zero timeout.
 */
export function setDeadMansSwitch(
  ctx: ExchangeContext,
  account: Account,
  timeoutSeconds: number,
  now: number,
): { currentTime: string; triggerTime: string } {
  if (account.deadMan) account.deadMan.task.cancelled = true;
  account.deadMan = undefined;
  const currentTime = rfc3339(now);
  if (timeoutSeconds === 0) return { currentTime, triggerTime: '0' };
  const triggerAt = now + timeoutSeconds * 1000;
  const task = ctx.scheduler.schedule(triggerAt, (at) => {
    account.deadMan = undefined;
    cancelOrders(ctx, account, [...account.openOrders()], at, 'Dead man switch');
  });
  account.deadMan = { triggerAt, task };
  return { currentTime, triggerTime: rfc3339(triggerAt) };
}

/** RFC 3339 without milliseconds, as Kraken writes it (`2026-01-01T00:00:30Z`). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
