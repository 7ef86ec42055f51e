import type { LedgerEntry, TradeRecord } from '../accounts/records.js';
import type { Decimal } from '../core/decimal.js';
import type { MarketCatalog } from '../market/pairs.js';
import { describeClose, describeOrder, priceTexts } from './descr.js';
import { listedOflags } from './fee-currency.js';
import type { Order } from './order.js';

/** Epoch ms → Kraken's float seconds (e.g. 1688666559.8974). */
export function seconds(ms: number): number {
  return ms / 1000;
}

/** An order in Kraken's OpenOrders / ClosedOrders / QueryOrders shape (docs/kraken/rest-endpoints.md). */
export function orderView(order: Order, withTrades: boolean): Record<string, unknown> {
  const { pair } = order;
  const px = (v: Decimal | undefined): string => (v === undefined ? '0' : v.toFixed(pair.pairDecimals));
  const avg = order.volExec.isZero() ? undefined : order.cost.div(order.volExec);
  const [descrPrice, descrPrice2] = priceTexts(order);
  const view: Record<string, unknown> = {
    refid: order.refid ?? null,
    userref: order.userref,
    cl_ord_id: order.clOrdId,
    status: order.status,
    opentm: seconds(order.openedAt),
    starttm: 0,
    expiretm: order.expireAt === undefined ? 0 : seconds(order.expireAt),
    descr: {
      pair: pair.altname,
      type: order.side,
      ordertype: order.ordertype,
      price: descrPrice,
      price2: descrPrice2,
      leverage: order.leverage === undefined ? 'none' : `${order.leverage}:1`,
      order: describeOrder(order),
      close: describeClose(pair, order.close),
    },
    vol: order.volume.toFixed(pair.lotDecimals),
    vol_exec: order.volExec.toFixed(pair.lotDecimals),
    cost: order.cost.toFixed(pair.costDecimals),
    fee: order.fee.toFixed(pair.costDecimals),
    price: avg === undefined ? '0' : avg.toFixed(pair.pairDecimals),
    stopprice: order.ordertype.startsWith('stop') || order.trail !== undefined ? px(order.price) : '0',
    limitprice: limitPriceText(order, px),
    misc: [...order.misc].join(','),
    oflags: listedOflags(order),
    margin: order.marginRole !== undefined,
    reduce_only: order.reduceOnly,
    sender_sub_id: null,
  };
  if (order.trigger === 'index') view['trigger'] = 'index';
  if (order.status !== 'open' && order.status !== 'pending') {
    view['closetm'] = order.closedAt === undefined ? 0 : seconds(order.closedAt);
    view['reason'] = order.reason;
  }
  if (withTrades && order.tradeIds.length > 0) view['trades'] = [...order.tradeIds];
  return view;
}

/**
 * OpenOrders `limitprice`: the limit price; for a trailing-stop (no limit) the peak it follows, as a sample of
 * Kraken's answer shows (a sell's `stopprice` is the peak less the offset; UNCONFIRMED by Kraken's pages).
 */
function limitPriceText(order: Order, px: (value: Decimal | undefined) => string): string {
  if (order.ordertype.endsWith('-limit')) return px(order.price2);
  if (order.ordertype === 'limit') return px(order.price);
  if (order.trail !== undefined) return px(order.trail.peak);
  return '0';
}

/** A trade in Kraken's TradesHistory / QueryTrades shape. */
export function tradeView(trade: TradeRecord): Record<string, unknown> {
  const { pair } = trade;
  const view: Record<string, unknown> = {
    ordertxid: trade.ordertxid,
    postxid: trade.postxid ?? '',
    pair: pair.id,
    aclass: 'forex',
    time: seconds(trade.time),
    type: trade.side,
    ordertype: trade.ordertype,
    price: trade.price.toFixed(pair.pairDecimals),
    cost: trade.cost.toFixed(pair.costDecimals),
    fee: trade.fee.toFixed(pair.costDecimals),
    vol: trade.vol.toFixed(pair.lotDecimals),
    margin: trade.margin.toFixed(pair.costDecimals),
    leverage: trade.leverage === undefined ? '0' : String(trade.leverage),
    misc: '',
    trade_id: trade.tradeId,
    maker: trade.maker,
  };
  if (trade.posstatus !== undefined) view['posstatus'] = trade.posstatus;
  if (trade.net !== undefined) view['net'] = trade.net.toFixed(pair.costDecimals);
  return view;
}

/** A ledger entry in Kraken's Ledgers / QueryLedgers shape (amounts at the asset's decimals). */
export function ledgerView(entry: LedgerEntry, catalog: MarketCatalog): Record<string, unknown> {
  const decimals = catalog.findAsset(entry.asset)?.decimals ?? 10;
  return {
    refid: entry.refid,
    time: seconds(entry.time),
    type: entry.type,
    subtype: entry.subtype,
    aclass: 'currency',
    asset: entry.asset,
    amount: entry.amount.toFixed(decimals),
    fee: entry.fee.toFixed(decimals),
    balance: entry.balance.toFixed(decimals),
  };
}
