import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import { type Decimal, HUNDRED, ONE, ZERO } from '../core/decimal.js';
import { E, KrakenRejection } from '../core/rejection.js';
import type { OrderDraft } from './draft.js';
import { feeRates } from './fee-rates.js';
import { isMarginOrder, limitPriceOf, type Order, remaining } from './order.js';

/**
 * Funds held by open spot orders (BalanceEx `hold_trade`): a buy holds its remaining cost plus the taker fee
 * in the quote currency; a sell holds its remaining volume in the base currency. Margin orders hold nothing.
 */
export function holds(
  ctx: ExchangeContext,
  account: Account,
  now: number,
  exclude?: Order,
): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  const { taker } = feeRates(ctx, account, now);
  for (const order of account.openOrders()) {
    if (order === exclude || isMarginOrder(order)) continue;
    const { asset, amount } = holdOf(order, taker, ctx.markets.of(order.pair).ask);
    out.set(asset, (out.get(asset) ?? ZERO).plus(amount));
  }
  return out;
}

function holdOf(order: Order, takerPercent: Decimal, ask: Decimal): { asset: string; amount: Decimal } {
  const left = remaining(order);
  if (order.side === 'sell') return { asset: order.pair.base, amount: left };
  const price = limitPriceOf(order) ?? order.price ?? ask;
  return { asset: order.pair.quote, amount: left.times(price).times(ONE.plus(takerPercent.div(HUNDRED))) };
}

/** Spot orders: `EOrder:Insufficient funds` when the available balance (balance − holds) cannot cover it. */
export function checkSpotFunds(
  ctx: ExchangeContext,
  account: Account,
  draft: OrderDraft,
  now: number,
  exclude?: Order,
): void {
  const held = holds(ctx, account, now, exclude);
  const { taker } = feeRates(ctx, account, now);
  const { pair, volume } = draft;
  const asset = draft.request.side === 'buy' ? pair.quote : pair.base;
  const needed =
    draft.request.side === 'buy'
      ? volume.times(draft.referencePrice).times(ONE.plus(taker.div(HUNDRED)))
      : volume;
  const available = account.balance(asset).minus(held.get(asset) ?? ZERO);
  if (needed.greaterThan(available)) throw new KrakenRejection(E.insufficientFunds);
}
