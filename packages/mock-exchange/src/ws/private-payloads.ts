import type { Account } from '../accounts/account.js';
import type { LedgerEntry, TradeRecord } from '../accounts/records.js';
import type { ExchangeContext, OrderEvent } from '../context.js';
import type { Decimal } from '../core/decimal.js';
import { feeFlagOf } from '../orders/fee-currency.js';
import { limitPriceOf, type Order } from '../orders/order.js';
import { tradingCounter } from '../rate-limit/trading-limits.js';
import { rfc3339Micro, wireNumber } from './json-text.js';
import { assetSymbol, pairSymbol } from './market-payloads.js';

/** Private channel records (executions, balances) in Kraken's v2 shapes (docs/kraken/websocket-v2.md). */

/** v2 `order_status` of an order as the exchange keeps it. */
function orderStatus(order: Order): string {
  switch (order.status) {
    case 'pending':
      return 'pending_new';
    case 'open':
      return order.volExec.isZero() ? 'new' : 'partially_filled';
    case 'closed':
      return 'filled';
    default:
      return order.status;
  }
}

/** The fields every execution report of an order carries. */
function orderFields(ctx: ExchangeContext, order: Order): Record<string, unknown> {
  const { pair } = order;
  const px = (value: Decimal) => wireNumber(value, pair.pairDecimals);
  const limit = limitPriceOf(order);
  const trigger = order.ordertype === 'limit' || order.ordertype === 'market' ? undefined : order.price;
  return {
    order_id: order.txid,
    cl_ord_id: order.clOrdId ?? undefined,
    order_userref: order.userref ?? undefined,
    symbol: pairSymbol(ctx, pair),
    side: order.side,
    order_type: order.ordertype,
    order_qty: wireNumber(order.volume, pair.lotDecimals),
    limit_price: limit === undefined ? undefined : px(limit),
    triggers: trigger === undefined ? undefined : { reference: order.trigger, price: px(trigger) },
    order_status: orderStatus(order),
    time_in_force: order.timeInForce.toLowerCase(),
    post_only: order.oflags.includes('post'),
    reduce_only: order.reduceOnly,
    margin: order.marginRole !== undefined,
    cum_qty: wireNumber(order.volExec, pair.lotDecimals),
    cum_cost: wireNumber(order.cost, pair.costDecimals),
    avg_price: order.volExec.isZero() ? undefined : px(order.cost.div(order.volExec)),
    fee_ccy_pref: feeFlagOf(order),
    expire_time: order.expireAt === undefined ? undefined : rfc3339Micro(order.expireAt),
  };
}

function tradeFields(ctx: ExchangeContext, trade: TradeRecord): Record<string, unknown> {
  const { pair } = trade;
  return {
    exec_id: trade.id,
    trade_id: trade.tradeId,
    last_qty: wireNumber(trade.vol, pair.lotDecimals),
    last_price: wireNumber(trade.price, pair.pairDecimals),
    cost: wireNumber(trade.cost, pair.costDecimals),
    liquidity_ind: trade.maker ? 'm' : 't',
    fees: [
      {
        asset: assetSymbol(ctx, trade.feeCharged.asset),
        qty: wireNumber(trade.feeCharged.amount, feeDecimals(ctx, trade)),
      },
    ],
    position_status: trade.posstatus,
  };
}

/** One executions record for an exchange order event. */
export function executionRecord(ctx: ExchangeContext, event: OrderEvent): Record<string, unknown> {
  const { order } = event;
  return {
    exec_type: event.kind,
    ...orderFields(ctx, order),
    ...(event.trade === undefined ? {} : tradeFields(ctx, event.trade)),
    reason: event.kind === 'canceled' && order.reason !== null ? order.reason : undefined,
    timestamp: rfc3339Micro(event.time),
  };
}

/**
 * A record with `ratecount` added: the account's matching-engine counter of the record's order pair at `now`, for a
 * connection subscribed with `ratecounter: true`. Field name UNCONFIRMED for v2: Kraken names the v1 `openOrders`
 * field `ratecount` (docs/kraken/rate-limits.md). Sent as the exact number, so a client never reads less than
 * the exchange counts.
 */
export function withRateCount(
  ctx: ExchangeContext,
  account: Account,
  order: Order,
  record: Record<string, unknown>,
  now: number,
): Record<string, unknown> {
  return { ...record, ratecount: tradingCounter(ctx, account, order.pair, now).valueAt(now) };
}

/** The executions snapshot: the account's open orders as they stand. */
export function openOrderRecords(
  ctx: ExchangeContext,
  account: Account,
  now: number,
  rateCount = false,
): Record<string, unknown>[] {
  return [...account.openOrders()].map((order) => {
    const record = {
      exec_type: orderStatus(order) === 'pending_new' ? 'pending_new' : 'new',
      ...orderFields(ctx, order),
      timestamp: rfc3339Micro(Math.min(order.openedAt, now)),
    };
    return rateCount ? withRateCount(ctx, account, order, record, now) : record;
  });
}

/** The executions `snap_trades` part: the account's last 50 trades. */
export function recentTradeRecords(ctx: ExchangeContext, account: Account): Record<string, unknown>[] {
  return [...account.trades.values()].slice(-50).map((trade) => {
    const order = account.orders.get(trade.ordertxid);
    return {
      exec_type: 'trade',
      ...(order === undefined ? { order_id: trade.ordertxid } : orderFields(ctx, order)),
      ...tradeFields(ctx, trade),
      timestamp: rfc3339Micro(trade.time),
    };
  });
}

function assetDecimals(ctx: ExchangeContext, asset: string): number {
  return ctx.catalog.findAsset(asset)?.decimals ?? 10;
}

/** The balances snapshot: every asset of the account, one spot wallet. */
export function balanceRecords(ctx: ExchangeContext, account: Account): Record<string, unknown>[] {
  return [...account.balances].map(([asset, amount]) => {
    const balance = wireNumber(amount, assetDecimals(ctx, asset));
    return {
      asset: assetSymbol(ctx, asset),
      asset_class: 'currency',
      balance,
      wallets: [{ type: 'spot', id: 'main', balance }],
    };
  });
}

/** A balances update for one ledger entry. */
export function ledgerRecord(ctx: ExchangeContext, entry: LedgerEntry): Record<string, unknown> {
  const decimals = assetDecimals(ctx, entry.asset);
  return {
    asset: assetSymbol(ctx, entry.asset),
    asset_class: 'currency',
    amount: wireNumber(entry.amount, decimals),
    balance: wireNumber(entry.balance, decimals),
    fee: wireNumber(entry.fee, decimals),
    ledger_id: entry.id,
    ref_id: entry.refid,
    timestamp: rfc3339Micro(entry.time),
    type: entry.type,
    subtype: entry.subtype,
    category: entry.type,
    wallet_type: 'spot',
    wallet_id: 'main',
  };
}

// A fee in the quote currency has the pair's cost decimals; one in the base currency, its asset's decimals.
function feeDecimals(ctx: ExchangeContext, trade: TradeRecord): number {
  const { pair, feeCharged } = trade;
  return feeCharged.asset === pair.quote ? pair.costDecimals : ctx.catalog.asset(feeCharged.asset).decimals;
}
