import type { Account } from '../accounts/account.js';
import type { ExchangeContext } from '../context.js';
import { type Decimal, ZERO } from '../core/decimal.js';
import type { Order } from '../orders/order.js';
import { remaining } from '../orders/order.js';
import { openMargin } from './position.js';

/** Collateral: the USD value of all the account's balances at current prices. */
export function collateralUsd(ctx: ExchangeContext, account: Account): Decimal {
  let total = ZERO;
  for (const [asset, amount] of account.balances) total = total.plus(ctx.markets.usdValue(asset, amount));
  return total;
}

/**
 * Initial margin in USD of open positions (open cost / leverage) and open position-opening margin orders
 * (remaining × price / leverage).
 */
export function initialMarginUsd(ctx: ExchangeContext, account: Account, exclude?: Order): Decimal {
  let total = ZERO;
  for (const position of account.positions.values()) {
    total = total.plus(ctx.markets.usdValue(position.pair.quote, openMargin(position)));
  }
  for (const order of account.openOrders()) {
    if (order === exclude || order.marginRole !== 'open' || order.leverage === undefined) continue;
    const margin = remaining(order).times(order.referencePrice).div(order.leverage);
    total = total.plus(ctx.markets.usdValue(order.pair.quote, margin));
  }
  return total;
}
