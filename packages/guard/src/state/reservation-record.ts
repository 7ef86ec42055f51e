import type { PairIndex } from '@krakenkit/core';
import { Dec } from '../decimal.js';
import type { OrderType, Side } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';
import type { GuardState } from './guard-state.js';

/** What one transaction adds to a pair's matching-engine counter (a count, not money). */
export interface RateCharge {
  /** Pair id. */
  pair: string;
  cost: number;
}

/** A new order holding its headroom from now until it is rejected, cancelled or filled. */
export interface OrderReservation {
  kind: 'order';
  ref: string;
  /** When it was reserved (epoch ms): the order's age for cancel charges, and the start of its lease. */
  at: number;
  /** When its lease ends: a reconcile after this that does not show the order drops it. */
  expiresAt: number;
  /** The bot it was reserved for. */
  owner?: string;
  /** The shared guard instance that reserved it (the only one that reports its outcomes). */
  instance?: string;
  /** Pair id. */
  pair: string;
  side: Side;
  orderType: OrderType;
  margin: boolean;
  opening: boolean;
  reducing: boolean;
  reduceOnly: boolean;
  /** Decimal text, base currency. */
  volume: string;
  /** Decimal text: the price its charges are computed at. */
  price: string;
  clOrdId?: string;
  charges: RateCharge[];
}

/** An amend or edit: until answered, the order holds the larger of old and new. */
export interface AmendReservation {
  kind: 'amend';
  ref: string;
  at: number;
  instance?: string;
  /** The reservation id of the order being changed. */
  order: string;
  /** New total quantity, decimal text. */
  volume: string;
  price: string;
  /** EditOrder: the order is replaced by a new txid. */
  replace: boolean;
  charges: RateCharge[];
}

/** A withdrawal counted in the rolling 24-hour window from now. */
export interface WithdrawalReservation {
  kind: 'withdrawal';
  ref: string;
  at: number;
  instance?: string;
  /** USD value, decimal text. */
  usd: string;
  /** Currency (allowance table name). */
  asset: string;
  amount: string;
}

/** A cancel reserves nothing; Kraken still charges the pair's counter by the age of each order cancelled. */
export interface CancelCharge {
  kind: 'cancel';
  at: number;
  charges: RateCharge[];
}

/**
 * What reserving an allowed intent records, as plain JSON (decimals as text, the pair by id): the same record
 * is applied to a local guard's state and journaled for every process sharing an account.
 */
export type ReservationRecord = OrderReservation | AmendReservation | WithdrawalReservation | CancelCharge;

/**
 * Applies a reservation to the state. Deterministic: reads only the record and the state (never a clock or a
 * price), so every process folding the same records holds the same state. Returns the reservation's ref.
 */
export function applyReservation(
  record: ReservationRecord,
  state: GuardState,
  pairs: PairIndex<GuardPair>,
): string | undefined {
  if (record.kind !== 'withdrawal')
    for (const charge of record.charges) state.rates.charge(charge.pair, charge.cost, record.at);
  switch (record.kind) {
    case 'cancel':
      return undefined;
    case 'withdrawal':
      state.withdrawals.add({
        ref: record.ref,
        at: record.at,
        usd: new Dec(record.usd),
        asset: record.asset,
        amount: new Dec(record.amount),
        status: 'in-flight',
        instance: record.instance,
      });
      break;
    case 'amend':
      applyAmend(record, state);
      break;
    case 'order':
      applyOrder(record, state, pairs);
      break;
  }
  state.noteRef(record.ref);
  return record.ref;
}

function applyAmend(record: AmendReservation, state: GuardState): void {
  const order = state.orders.find(record.order);
  // Planned against this state, so the order is there; a journal written by a different build may disagree.
  if (order === undefined) return;
  state.orders.beginAmend(order, {
    ref: record.ref,
    volume: new Dec(record.volume),
    price: new Dec(record.price),
    replace: record.replace,
    instance: record.instance,
  });
}

function applyOrder(record: OrderReservation, state: GuardState, pairs: PairIndex<GuardPair>): void {
  const pair = pairs.get(record.pair);
  if (pair === undefined) {
    // Another process knows a pair this one does not: it cannot value the order, so it refuses until it can.
    state.unresolved.add(`order ${record.ref} on unknown pair ${record.pair}`);
    return;
  }
  state.orders.add({
    ref: record.ref,
    clOrdId: record.clOrdId,
    pair,
    side: record.side,
    orderType: record.orderType,
    margin: record.margin,
    opening: record.opening,
    reducing: record.reducing,
    reduceOnly: record.reduceOnly,
    volume: new Dec(record.volume),
    price: new Dec(record.price),
    changedAt: record.at,
    expiresAt: record.expiresAt,
    owner: record.owner,
    instance: record.instance,
  });
}
