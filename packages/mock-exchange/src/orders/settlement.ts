import type { Account } from '../accounts/account.js';
import { post } from '../accounts/ledger.js';
import type { TradeRecord } from '../accounts/records.js';
import type { ExchangeContext } from '../context.js';
import { type Decimal, HUNDRED, ZERO } from '../core/decimal.js';
import { openPosition, oppositePositions, reducePositions } from '../margin/position-book.js';
import { feeFlagOf } from './fee-currency.js';
import { feeRates } from './fee-rates.js';
import type { Order } from './order.js';

export interface Fill {
  volume: Decimal;
  price: Decimal;
  maker: boolean;
}

/**
 * Books one execution of `order`: a public trade, the account's trade record, the fee (maker or taker by
 * 30-day volume; a spot trade pays it in the currency its fee flag names, orders/fee-currency.ts), and either
 * spot balance moves or margin position changes (reduce opposite positions first, open a position with what is
 * left).
 */
export function settleFill(
  ctx: ExchangeContext,
  account: Account,
  order: Order,
  fill: Fill,
  now: number,
): TradeRecord {
  const { pair } = order;
  const rates = feeRates(ctx, account, now);
  const cost = fill.volume.times(fill.price);
  const fee = cost
    .times(fill.maker ? rates.maker : rates.taker)
    .div(HUNDRED)
    .toDecimalPlaces(pair.costDecimals);
  const publicTrade = ctx.markets
    .of(pair)
    .recordTrade(
      fill.price,
      fill.volume,
      order.side === 'buy' ? 'b' : 's',
      order.ordertype === 'limit' ? 'l' : 'm',
      now,
    );
  const feeCharged =
    order.marginRole === undefined && feeFlagOf(order) === 'fcib'
      ? {
          asset: pair.base,
          amount: fill.volume
            .times(fill.maker ? rates.maker : rates.taker)
            .div(HUNDRED)
            .toDecimalPlaces(ctx.catalog.asset(pair.base).decimals),
        }
      : { asset: pair.quote, amount: fee };
  const tradeId = ctx.ids.next('T');
  const booked = { tradeId, volume: fill.volume, price: fill.price, fee, time: now };
  let postxid: string | undefined;
  let posstatus: TradeRecord['posstatus'];
  let net: Decimal | undefined;
  if (order.marginRole === undefined) {
    settleSpot(ctx, account, order, fill, feeCharged, tradeId, now);
  } else if (oppositePositions(account, order).length > 0) {
    const reduced = reducePositions(ctx, account, order, booked);
    ({ positionId: postxid, net } = reduced);
    posstatus = reduced.fullyClosed ? 'closed' : 'closing';
    const left = fill.volume.minus(reduced.closed);
    if (left.greaterThan(ZERO)) openPosition(ctx, account, order, { ...booked, volume: left, fee: ZERO });
  } else {
    postxid = openPosition(ctx, account, order, booked).id;
    posstatus = 'open';
  }
  order.volExec = order.volExec.plus(fill.volume);
  order.cost = order.cost.plus(cost);
  order.fee = order.fee.plus(fee);
  order.tradeIds.push(tradeId);
  account.addVolume(now, ctx.markets.usdValue(pair.quote, cost));
  const trade: TradeRecord = {
    id: tradeId,
    ordertxid: order.txid,
    postxid,
    pair,
    time: now,
    side: order.side,
    ordertype: order.ordertype,
    price: fill.price,
    cost,
    fee,
    feeCharged,
    vol: fill.volume,
    margin: order.leverage === undefined ? ZERO : cost.div(order.leverage).toDecimalPlaces(pair.costDecimals),
    leverage: order.leverage,
    maker: fill.maker,
    tradeId: publicTrade.id,
    posstatus,
    net,
  };
  account.trades.set(trade.id, trade);
  ctx.events.emit('order', { kind: 'trade', accountId: account.id, order, trade, time: now });
  const market = ctx.markets.of(pair);
  ctx.events.emit('market', { pair, bid: market.bid, ask: market.ask, time: now, trade: publicTrade });
  return trade;
}

/** Spot: the base moves by the volume, the quote by the cost; the fee is taken on the entry of its currency. */
function settleSpot(
  ctx: ExchangeContext,
  account: Account,
  order: Order,
  fill: Fill,
  fee: TradeRecord['feeCharged'],
  refid: string,
  time: number,
): void {
  const { pair } = order;
  const sign = order.side === 'buy' ? 1 : -1;
  const feeOn = (asset: string) => (fee.asset === asset ? fee.amount : ZERO);
  post(ctx, account, {
    refid,
    type: 'trade',
    asset: pair.base,
    amount: fill.volume.times(sign),
    fee: feeOn(pair.base),
    time,
  });
  post(ctx, account, {
    refid,
    type: 'trade',
    asset: pair.quote,
    amount: fill.volume.times(fill.price).times(-sign),
    fee: feeOn(pair.quote),
    time,
  });
}
