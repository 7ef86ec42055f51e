import type { Decimal } from '../core/decimal.js';
import type { ScheduledTask } from '../core/scheduler.js';
import type { Pair } from '../market/pairs.js';
import type { Side } from '../orders/order.js';

/**
 * An open margin position. Its id is the id of the trade that opened it, as on Kraken. A long borrowed its cost
 * in the quote currency; a short borrowed its volume in the base currency; the open share is repaid on close.
 */
export interface Position {
  readonly id: string;
  readonly ordertxid: string;
  readonly accountId: string;
  readonly pair: Pair;
  readonly side: Side;
  readonly ordertype: string;
  readonly leverage: number;
  readonly openedAt: number;
  /** Volume opened (base). */
  readonly vol: Decimal;
  /** Cost at opening (quote) = vol × entry price. */
  readonly cost: Decimal;
  fee: Decimal;
  volClosed: Decimal;
  rolloverAt: number;
  rolloverTask: ScheduledTask | undefined;
}

export function openVolume(position: Position): Decimal {
  return position.vol.minus(position.volClosed);
}

export function entryPrice(position: Position): Decimal {
  return position.cost.div(position.vol);
}

/** Cost of the still-open share (quote). */
export function openCost(position: Position): Decimal {
  return entryPrice(position).times(openVolume(position));
}

/** Initial margin of the still-open share (quote) = open cost / leverage. */
export function openMargin(position: Position): Decimal {
  return openCost(position).div(position.leverage);
}

/** The pool currency a position (or order) borrows from: quote for a long, base for a short. */
export function borrowAsset(pair: Pair, side: Side): string {
  return side === 'buy' ? pair.quote : pair.base;
}

/** What the still-open share has borrowed, in its pool's own currency (never converted). */
export function borrowedAmount(position: Position): Decimal {
  return position.side === 'buy' ? openCost(position) : openVolume(position);
}
