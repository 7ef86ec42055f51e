import type { Account } from '../accounts/account.js';
import { post } from '../accounts/ledger.js';
import type { ExchangeContext } from '../context.js';
import { type Decimal, HUNDRED, minDec, ZERO } from '../core/decimal.js';
import type { Order } from '../orders/order.js';
import { entryPrice, openCost, openVolume, type Position } from './position.js';

const HOUR_MS = 3_600_000;

/** Opens a position from a margin fill; charges the opening fee and schedules rollovers. */
export function openPosition(
  ctx: ExchangeContext,
  account: Account,
  order: Order,
  fill: { tradeId: string; volume: Decimal; price: Decimal; fee: Decimal; time: number },
): Position {
  const cost = fill.volume.times(fill.price);
  const position: Position = {
    id: fill.tradeId,
    ordertxid: order.txid,
    accountId: account.id,
    pair: order.pair,
    side: order.side,
    ordertype: order.ordertype,
    leverage: order.leverage ?? 1,
    openedAt: fill.time,
    vol: fill.volume,
    cost,
    fee: fill.fee,
    volClosed: ZERO,
    rolloverAt: fill.time + ctx.settings.rolloverHours * HOUR_MS,
    rolloverTask: undefined,
  };
  account.positions.set(position.id, position);
  const openingFee = cost
    .times(ctx.settings.marginOpeningFeePercent)
    .div(HUNDRED)
    .toDecimalPlaces(order.pair.costDecimals);
  post(ctx, account, {
    refid: fill.tradeId,
    type: 'margin',
    asset: order.pair.quote,
    amount: ZERO,
    fee: fill.fee.plus(openingFee),
    time: fill.time,
  });
  position.fee = position.fee.plus(openingFee);
  scheduleRollover(ctx, account, position);
  ctx.events.emit('position', { kind: 'opened', accountId: account.id, position, time: fill.time });
  return position;
}

/**
 * Reduces the account's positions opposite to `order` on its pair, oldest first (FIFO), by up to `volume` at
 * `price`. Realised P&L minus the trade fee is settled in the quote currency; the borrowed share is repaid by
 * the reduction itself. Returns the volume that closed and the P&L.
 */
export function reducePositions(
  ctx: ExchangeContext,
  account: Account,
  order: Order,
  fill: { tradeId: string; volume: Decimal; price: Decimal; fee: Decimal; time: number },
): { closed: Decimal; net: Decimal; positionId: string | undefined; fullyClosed: boolean } {
  let left = fill.volume;
  let net = ZERO;
  let positionId: string | undefined;
  let fullyClosed = true;
  for (const position of oppositePositions(account, order)) {
    if (left.isZero()) break;
    const portion = minDec(left, openVolume(position));
    const pnl = fill.price
      .minus(entryPrice(position))
      .times(portion)
      .times(position.side === 'buy' ? 1 : -1);
    net = net.plus(pnl);
    position.volClosed = position.volClosed.plus(portion);
    left = left.minus(portion);
    positionId ??= position.id;
    const done = openVolume(position).isZero();
    fullyClosed &&= done;
    if (done) {
      account.positions.delete(position.id);
      if (position.rolloverTask) position.rolloverTask.cancelled = true;
    }
    ctx.events.emit('position', {
      kind: done ? 'closed' : 'reduced',
      accountId: account.id,
      position,
      time: fill.time,
    });
  }
  const closed = fill.volume.minus(left);
  const roundedNet = net.toDecimalPlaces(order.pair.costDecimals);
  post(ctx, account, {
    refid: fill.tradeId,
    type: 'margin',
    asset: order.pair.quote,
    amount: roundedNet,
    fee: fill.fee,
    time: fill.time,
  });
  return { closed, net: roundedNet, positionId, fullyClosed };
}

/**
 * Open positions on the order's pair on the other side, oldest first. Positions opened in the same millisecond
 * keep the order they were opened in (the account's Map keeps insertion order and the sort is stable): their
 * random ids say nothing about which came first.
 */
export function oppositePositions(account: Account, order: Pick<Order, 'pair' | 'side'>): Position[] {
  return [...account.positions.values()]
    .filter((p) => p.pair.id === order.pair.id && p.side !== order.side && openVolume(p).greaterThan(ZERO))
    .sort((a, b) => a.openedAt - b.openedAt);
}

function scheduleRollover(ctx: ExchangeContext, account: Account, position: Position): void {
  position.rolloverTask = ctx.scheduler.schedule(position.rolloverAt, (at) => {
    if (!account.positions.has(position.id)) return;
    const fee = openCost(position)
      .times(ctx.settings.marginRolloverFeePercent)
      .div(HUNDRED)
      .toDecimalPlaces(position.pair.costDecimals);
    post(ctx, account, {
      refid: position.id,
      type: 'rollover',
      asset: position.pair.quote,
      amount: ZERO,
      fee,
      time: at,
    });
    position.fee = position.fee.plus(fee);
    position.rolloverAt = at + ctx.settings.rolloverHours * HOUR_MS;
    scheduleRollover(ctx, account, position);
  });
}
