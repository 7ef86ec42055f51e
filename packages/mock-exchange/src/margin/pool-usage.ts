import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import { type Decimal, ZERO } from '../core/decimal.js';
import type { Pair } from '../market/pairs.js';
import { type Order, remaining, type Side } from '../orders/order.js';
import { borrowAsset, borrowedAmount } from './position.js';

/**
 * What an open position-opening margin order would borrow: a long its remaining volume × price in the quote
 * currency, a short its remaining volume in the base currency.
 */
export function orderBorrowing(order: Order): { asset: string; amount: Decimal } | undefined {
  if (order.marginRole !== 'open') return undefined;
  const left = remaining(order);
  const amount = order.side === 'buy' ? left.times(order.referencePrice) : left;
  return { asset: borrowAsset(order.pair, order.side), amount };
}

/** Borrowing of one new order (not yet stored). */
export function newBorrowing(
  pair: Pair,
  side: Side,
  volume: Decimal,
  price: Decimal,
): { asset: string; amount: Decimal } {
  return { asset: borrowAsset(pair, side), amount: side === 'buy' ? volume.times(price) : volume };
}

/**
 * An account's usage of one allowance currency: open positions plus open position-opening margin orders,
 * counted in the pool's own currency (Kraken ids and altnames of the same currency are the same pool).
 * Fiat allowances limit longs only, so a short of a fiat base (an EUR/USD short borrows EUR) is not counted
 * against the EUR allowance: it would otherwise eat the headroom of later EUR longs (docs/kraken/margin-rules.md).
 */
export function accountUsage(
  ctx: ExchangeContext,
  account: Account,
  currency: string,
  exclude?: Order,
): Decimal {
  const fiat = ctx.allowances.entry(currency, account.tier)?.fiat === true;
  return borrowedFrom(ctx, account, currency, exclude, !fiat);
}

/** Everything borrowed from the exchange's pool of one currency, all accounts together (fiat shorts included). */
export function exchangeUsage(ctx: ExchangeContext, currency: string, exclude?: Order): Decimal {
  let total = ZERO;
  for (const account of ctx.accounts.all())
    total = total.plus(borrowedFrom(ctx, account, currency, exclude, true));
  return total;
}

function borrowedFrom(
  ctx: ExchangeContext,
  account: Account,
  currency: string,
  exclude: Order | undefined,
  withShorts: boolean,
): Decimal {
  let total = ZERO;
  for (const position of account.positions.values()) {
    if (!withShorts && position.side === 'sell') continue;
    if (ctx.allowances.currencyOf(borrowAsset(position.pair, position.side)) === currency) {
      total = total.plus(borrowedAmount(position));
    }
  }
  for (const order of account.openOrders()) {
    if (order === exclude || (!withShorts && order.side === 'sell')) continue;
    const borrowing = orderBorrowing(order);
    if (borrowing && ctx.allowances.currencyOf(borrowing.asset) === currency)
      total = total.plus(borrowing.amount);
  }
  return total;
}
