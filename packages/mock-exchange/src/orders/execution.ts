import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import { type Decimal, ZERO } from '../core/decimal.js';
import { E, isKrakenRejection } from '../core/rejection.js';
import { checkMarginRules, positionVolume } from '../margin/margin-rules.js';
import type { Pair } from '../market/pairs.js';
import { spawnCloseOrder } from './conditional-close.js';
import { emitOrder, finishOrder } from './lifecycle.js';
import { isOpen, isTriggerType, limitPriceOf, type Order, remaining } from './order.js';
import { draftFromOrder } from './order-as-request.js';
import { type Fill, settleFill } from './settlement.js';
import { followPeak, referenceOf } from './trailing.js';

/** Kraken's cancel reason for a post-only order that would have taken liquidity. */
export const POST_ONLY_REASON = 'Post only order';

/**
 * Runs `order` against its pair's simulated market at `now`. The market has unlimited depth at the touch:
 * - stop-loss / take-profit / trailing-stop (and -limit) orders wait until the last (or index) price reaches the
 *   trigger; a trailing order first moves its trigger with the price in its favour;
 * - a market order (or a triggered stop) fills entirely at the ask (buy) / bid (sell), as taker;
 * - a limit order that arrives marketable (`fresh`: just placed, or just triggered) fills at the touch as
 *   taker, unless post-only (then it is cancelled); a resting limit fills at its limit price, as maker, once
 *   the touch crosses it; IOC/FOK remainders are cancelled.
 */
export function execute(
  ctx: ExchangeContext,
  account: Account,
  order: Order,
  now: number,
  fresh: boolean,
): void {
  if (!isOpen(order)) return;
  const market = ctx.markets.of(order.pair);
  if (isTriggerType(order.ordertype) && order.triggeredAt === undefined) {
    const reference = referenceOf(market, order.trigger);
    followPeak(order, reference);
    if (!triggerReached(order, reference)) return;
    order.triggeredAt = now;
    order.misc.add('stopped');
    emitOrder(ctx, order, 'triggered', now);
    fresh = true;
  }
  const limit = limitPriceOf(order);
  const touch = order.side === 'buy' ? market.ask : market.bid;
  if (limit === undefined) {
    fillRemaining(ctx, account, order, touch, false, now);
    return;
  }
  const crosses = order.side === 'buy' ? touch.lessThanOrEqualTo(limit) : touch.greaterThanOrEqualTo(limit);
  if (!crosses) {
    if (fresh && (order.timeInForce === 'IOC' || order.timeInForce === 'FOK'))
      finishOrder(ctx, order, 'canceled', null, now);
    return;
  }
  if (!fresh) {
    fillRemaining(ctx, account, order, limit, true, now);
  } else if (order.oflags.includes('post')) {
    finishOrder(ctx, order, 'canceled', POST_ONLY_REASON, now);
  } else {
    fillRemaining(ctx, account, order, touch, false, now);
  }
}

/** Every open order of a pair, after its market moved. Oldest first, so replays are deterministic. */
export function executePair(ctx: ExchangeContext, pair: Pair, now: number): void {
  for (const order of ctx.openOrders.on(pair)) {
    const account = ctx.accounts.get(order.accountId);
    if (account !== undefined) execute(ctx, account, order, now, false);
  }
}

function triggerReached(order: Order, reference: Decimal): boolean {
  const trigger = order.price;
  if (trigger === undefined) return true;
  const stop = !order.ordertype.startsWith('take-profit');
  // A stop (trailing or not) sells when the price falls to it (buys when it rises); a take-profit the other way round.
  const sellWhenBelow = order.side === 'sell' ? stop : !stop;
  return sellWhenBelow ? reference.lessThanOrEqualTo(trigger) : reference.greaterThanOrEqualTo(trigger);
}

/**
 * Fills what is left of the order. A margin order that no longer has enough opposite position to reduce
 * closes what there is; the rest is cancelled with `EOrder:Reduce only:Position is closed` when reduce-only,
 * and otherwise must pass the margin rules as a new position (cancelled with the rule's error if it fails).
 */
function fillRemaining(
  ctx: ExchangeContext,
  account: Account,
  order: Order,
  price: Decimal,
  maker: boolean,
  now: number,
): void {
  if (order.marginRole === 'reduce' || order.reduceOnly) {
    const opposite = positionVolume(account, order.pair, order.side === 'buy' ? 'sell' : 'buy');
    if (opposite.lessThan(remaining(order))) {
      if (opposite.greaterThan(ZERO))
        settleFill(ctx, account, order, { volume: opposite, price, maker }, now);
      const refusal = order.reduceOnly ? E.reduceOnlyPositionClosed : openingRefusal(ctx, account, order);
      if (refusal !== undefined) {
        finishOrder(ctx, order, 'canceled', refusal, now);
        return;
      }
    }
  }
  fill(ctx, account, order, { volume: remaining(order), price, maker }, now);
  finishOrder(ctx, order, 'closed', null, now);
}

/** One execution, plus the conditional close order it spawns when the order has close terms. */
function fill(ctx: ExchangeContext, account: Account, order: Order, execution: Fill, now: number): void {
  settleFill(ctx, account, order, execution, now);
  spawnCloseOrder(ctx, account, order, execution.volume, now);
}

/** The margin rule a position opened by the rest of `order` would break, if any. */
function openingRefusal(ctx: ExchangeContext, account: Account, order: Order): string | undefined {
  try {
    checkMarginRules(ctx, account, draftFromOrder(order, remaining(order)), order);
    return undefined;
  } catch (error) {
    if (isKrakenRejection(error)) return error.code;
    throw error;
  }
}
