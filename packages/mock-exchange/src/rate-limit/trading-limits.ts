import type { Account } from '../accounts/account.js';
import { type ExchangeContext, tierOf } from '../context.js';
import { E, KrakenRejection } from '../core/rejection.js';
import type { Pair } from '../market/pairs.js';
import { DecayingCounter } from './decaying-counter.js';

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

/** Cancels are always accepted and always charged (Kraken accepts batch cancels over the threshold). */
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
