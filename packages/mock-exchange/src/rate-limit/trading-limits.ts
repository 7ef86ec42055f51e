import type { Account } from '../accounts/account.js';
import { type ExchangeContext, tierOf } from '../context.js';
import { E, KrakenRejection } from '../core/rejection.js';
import type { Pair } from '../market/pairs.js';
import type { Order } from '../orders/order.js';
import { DEFAULT_SINGLE_CANCEL_OVER_THRESHOLD, type SingleCancelOverThreshold } from './cancel-policy.js';
import { DecayingCounter } from './decaying-counter.js';
import { tradingCost } from './trading-costs.js';

/** The account's matching-engine counter for a pair (created at 0 on first use). */
export function tradingCounter(
  ctx: ExchangeContext,
  account: Account,
  pair: Pair,
  now: number,
): DecayingCounter {
  let counter = account.tradingCounters.get(pair.id);
  if (counter === undefined) {
    const { threshold, decayPerSecond } = tierOf(ctx, account).trading;
    counter = new DecayingCounter(threshold, decayPerSecond, now);
    account.tradingCounters.set(pair.id, counter);
  }
  return counter;
}

/** Add/amend/edit: accepted iff counter + cost ≤ threshold (then charged), else `EOrder:Rate limit exceeded`. */
export function chargeTrading(
  ctx: ExchangeContext,
  account: Account,
  pair: Pair,
  cost: number,
  now: number,
): void {
  if (!tradingCounter(ctx, account, pair, now).tryCharge(cost, now))
    throw new KrakenRejection(E.tradingRateLimit);
}

/**
 * Charges a cancel that was accepted: batch cancels always are (Kraken accepts them over the threshold), single
 * cancels once `refuseSingleCancelOverThreshold` let them through.
 */
export function chargeCancel(
  ctx: ExchangeContext,
  account: Account,
  pair: Pair,
  cost: number,
  now: number,
): void {
  if (cost > 0) tradingCounter(ctx, account, pair, now).charge(cost, now);
}

/** `EOrder:Orders limit exceeded` when the account already has the tier's maximum of open orders on the pair. */
export function checkOpenOrderLimit(
  ctx: ExchangeContext,
  account: Account,
  pair: Pair,
  adding: number,
): void {
  const max = tierOf(ctx, account).trading.maxOpenOrdersPerPair;
  if (ctx.openOrders.countFor(account.id, pair) + adding > max) throw new KrakenRejection(E.ordersLimit);
}

/**
 * A single cancel (CancelOrder, WebSocket `cancel_order`) of `orders` (one, or every order of a userref): with
 * `rejected`, `EOrder:Rate limit exceeded` when its cost would take a pair's counter past the threshold; nothing is
 * then cancelled or charged. With `accepted` it always goes through (see SingleCancelOverThreshold).
 */
export function refuseSingleCancelOverThreshold(
  ctx: ExchangeContext,
  account: Account,
  orders: readonly Order[],
  now: number,
  policy: SingleCancelOverThreshold = DEFAULT_SINGLE_CANCEL_OVER_THRESHOLD,
): void {
  if (policy === 'accepted') return;
  const costs = new Map<Pair, number>();
  for (const order of orders) {
    if (order.status !== 'open' && order.status !== 'pending') continue;
    costs.set(order.pair, (costs.get(order.pair) ?? 0) + tradingCost.cancel(now - order.touchedAt));
  }
  for (const [pair, cost] of costs) {
    const counter = tradingCounter(ctx, account, pair, now);
    if (cost > 0 && !counter.fits(cost, now)) throw new KrakenRejection(E.tradingRateLimit);
  }
}
