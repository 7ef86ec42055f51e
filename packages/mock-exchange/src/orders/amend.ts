import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import type { Decimal } from '../core/decimal.js';
import { E, invalidArgument, KrakenRejection } from '../core/rejection.js';
import { tradingCost } from '../rate-limit/trading-costs.js';
import { chargeTrading } from '../rate-limit/trading-limits.js';
import { findOpenOrders } from './cancellation.js';
import type { Deadline } from './deadline.js';
import { execute } from './execution.js';
import { emitOrder, finishOrder } from './lifecycle.js';
import { isTriggerType, type Order } from './order.js';
import { requestFromOrder } from './order-as-request.js';
import type { OrderRequest } from './order-request.js';
import { admitOrder, validateOrder } from './placement.js';

/** An AmendOrder request, parsed: the order and the new quantity and prices. */
export interface AmendRequest {
  txid: string | undefined;
  clOrdId: string | undefined;
  orderQty: Decimal | undefined;
  limitPrice: Decimal | undefined;
  triggerPrice: Decimal | undefined;
  postOnly: boolean;
  deadline: Deadline | undefined;
}

/**
 * AmendOrder: modifies an open order in place (same txid and cl_ord_id). The amended order is validated and
 * admitted again as a whole (pair limits, margin rules, funds) with itself left out of every usage sum. A new
 * quantity at or below the executed volume closes the order. A new limit price that crosses the market fills
 * at once unless `post_only`, which rejects the amend instead.
 */
export function amendOrder(
  ctx: ExchangeContext,
  account: Account,
  amend: AmendRequest,
  now: number,
): { amend_id: string } {
  const ref = amend.clOrdId !== undefined ? { clOrdId: amend.clOrdId } : { txid: amend.txid ?? '' };
  const order = findOpenOrders(account, ref).find((o) => o.txid === amend.txid || amend.txid === undefined);
  if (order === undefined) throw new KrakenRejection(E.unknownOrder);
  chargeTrading(ctx, account, order.pair, tradingCost.amend(now - order.touchedAt), now);
  const next = amendedFields(order, amend);
  const request = requestOf(order, next, amend.deadline);
  const draft = validateOrder(ctx, account, order.pair, request, now, order);
  if (amend.postOnly && next.limit !== undefined && wouldTake(ctx, order, next.limit)) {
    throw new KrakenRejection(ctx.errors.amendPostOnlyWouldTake);
  }
  const left = next.volume.minus(order.volExec);
  if (left.greaterThan(0)) admitOrder(ctx, account, { ...draft, volume: left }, now, order);
  apply(order, next, draft.referencePrice, now);
  emitOrder(ctx, order, 'amended', now);
  if (order.volume.lessThanOrEqualTo(order.volExec)) finishOrder(ctx, order, 'closed', null, now);
  else execute(ctx, account, order, now, next.limit !== undefined);
  return { amend_id: ctx.ids.next('A') };
}

interface AmendedFields {
  volume: Decimal;
  /** New limit price (price for limit orders, price2 for -limit orders), when amended. */
  limit: Decimal | undefined;
  trigger: Decimal | undefined;
}

function amendedFields(order: Order, amend: AmendRequest): AmendedFields {
  // A trailing order's prices are offsets; amending them (AmendOrder's *_price_type) is not simulated.
  if (order.trail !== undefined && amend.triggerPrice !== undefined) throw invalidArgument('trigger_price');
  if (order.trail !== undefined && amend.limitPrice !== undefined) throw invalidArgument('limit_price');
  if (amend.limitPrice !== undefined && order.ordertype !== 'limit' && !order.ordertype.endsWith('-limit')) {
    throw invalidArgument('limit_price');
  }
  if (
    amend.triggerPrice !== undefined &&
    (!isTriggerType(order.ordertype) || order.triggeredAt !== undefined)
  ) {
    throw invalidArgument('trigger_price');
  }
  return { volume: amend.orderQty ?? order.volume, limit: amend.limitPrice, trigger: amend.triggerPrice };
}

/** The order as an AddOrder request with the amended values, to run the same validation as a new order. */
function requestOf(order: Order, next: AmendedFields, deadline: Deadline | undefined): OrderRequest {
  const isLimit = order.ordertype === 'limit';
  return requestFromOrder(order, {
    volume: next.volume,
    price: isLimit ? (next.limit ?? order.price) : (next.trigger ?? order.price),
    price2: isLimit ? undefined : (next.limit ?? order.price2),
    deadline,
  });
}

function wouldTake(ctx: ExchangeContext, order: Order, limit: Decimal): boolean {
  const market = ctx.markets.of(order.pair);
  return order.side === 'buy' ? market.ask.lessThanOrEqualTo(limit) : market.bid.greaterThanOrEqualTo(limit);
}

function apply(order: Order, next: AmendedFields, referencePrice: Decimal, now: number): void {
  order.volume = next.volume;
  if (next.limit !== undefined) {
    if (order.ordertype === 'limit') order.price = next.limit;
    else order.price2 = next.limit;
  }
  if (next.trigger !== undefined) order.price = next.trigger;
  order.referencePrice = referencePrice;
  order.touchedAt = now;
  order.misc.add('amended');
}
