import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import { type Decimal, HUNDRED, ONE, ZERO } from '../core/decimal.js';
import { E, KrakenRejection } from '../core/rejection.js';
import type { Pair } from '../market/pairs.js';
import type { OrderDraft } from './draft.js';
import { type FeeFlag, feeFlagOf } from './fee-currency.js';
import { feeRates } from './fee-rates.js';
import { isMarginOrder, limitPriceOf, type Order, remaining, type Side } from './order.js';

/**
 * Funds held by open spot orders (BalanceEx `hold_trade`): what each order's remaining part needs (spotNeed).
 * Margin orders hold nothing.
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
    const price = limitPriceOf(order) ?? order.price ?? ctx.markets.of(order.pair).ask;
    const { asset, amount } = spotNeed(
      order.pair,
      feeFlagOf(order),
      order.side,
      remaining(order),
      price,
      taker,
    );
    out.set(asset, (out.get(asset) ?? ZERO).plus(amount));
  }
  return out;
}

/**
 * What a spot order of `volume` at `price` needs on the account: a buy its cost in the quote currency, a sell its
 * volume in the base currency, plus the taker fee when the fee is taken from that same currency (a buy under
 * `fciq`, a sell under `fcib`: the default for both). A fee in the other currency comes out of what the trade
 * brings in.
 */
function spotNeed(
  pair: Pair,
  feeFlag: FeeFlag,
  side: Side,
  volume: Decimal,
  price: Decimal,
  takerPercent: Decimal,
): { asset: string; amount: Decimal } {
  const withFee = ONE.plus(takerPercent.div(HUNDRED));
  if (side === 'buy') {
    const cost = volume.times(price);
    return { asset: pair.quote, amount: feeFlag === 'fciq' ? cost.times(withFee) : cost };
  }
  return { asset: pair.base, amount: feeFlag === 'fcib' ? volume.times(withFee) : volume };
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
  const { side } = draft.request;
  const { asset, amount } = spotNeed(
    draft.pair,
    feeFlagOf({ side, oflags: draft.request.oflags }),
    side,
    draft.volume,
    draft.referencePrice,
    taker,
  );
  const available = account.balance(asset).minus(held.get(asset) ?? ZERO);
  if (amount.greaterThan(available)) throw new KrakenRejection(E.insufficientFunds);
}
