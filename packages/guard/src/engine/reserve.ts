import type { AmendIntent, CancelIntent, GuardIntent } from '../intent.js';
import { orderCost } from '../rules/order-rate.js';
import type { GuardState } from '../state/guard-state.js';
import { rateCost } from '../state/rate-counters.js';
import type { RateCharge, ReservationRecord } from '../state/reservation-record.js';
import type { Evaluation } from './check.js';

/** Who reserves and for how long an order may stay unanswered. */
export interface ReservationTerms {
  /** The time of the reservation (epoch ms). */
  now: number;
  /** The bot it is for (its fills count in that bot's PnL). */
  owner?: string | undefined;
  /** The shared guard instance making it: prefixes its ref and marks it as the one that reports outcomes. */
  instance?: string | undefined;
  /** How long an in-flight order holds headroom if no answer ever comes (reconcile drops it after that). */
  leaseMs: number;
}

/**
 * Plans the reservation of an allowed intent: an order holds its pool borrow, position size, notional and
 * open-order slot from now until it is rejected, cancelled or filled; an amend holds the larger of old and new;
 * a withdrawal counts in the 24-hour window; a cancel only charges the counter. Pure: reads the state, writes
 * nothing (see applyReservation). Only called with an allowed evaluation of the same state.
 */
export function planReservation(
  intent: GuardIntent,
  evaluation: Evaluation,
  state: GuardState,
  terms: ReservationTerms,
): ReservationRecord | undefined {
  const { now, instance } = terms;
  switch (evaluation.kind) {
    case 'cancel':
      return { kind: 'cancel', at: now, charges: cancelCharges(intent as CancelIntent, state, now) };
    case 'withdraw': {
      const facts = evaluation.facts;
      if (facts?.usd === undefined) return undefined;
      return {
        kind: 'withdrawal',
        ref: state.peekRef('W', instance),
        at: now,
        ...(instance === undefined ? {} : { instance }),
        usd: facts.usd.toFixed(),
        asset: facts.currency,
        amount: facts.amount.toFixed(),
      };
    }
    case 'order':
      return evaluation.facts === undefined ? undefined : planOrder(intent, evaluation.facts, state, terms);
  }
}

function planOrder(
  intent: GuardIntent,
  facts: NonNullable<Extract<Evaluation, { kind: 'order' }>['facts']>,
  state: GuardState,
  { now, owner, instance, leaseMs }: ReservationTerms,
): ReservationRecord | undefined {
  const price = facts.chargePrice;
  if (price === undefined) return undefined;
  const charges = chargeOf(facts.pair.id, orderCost(facts, now));
  const by = instance === undefined ? {} : { instance };
  if (facts.replacing !== undefined) {
    return {
      kind: 'amend',
      ref: state.peekRef('A', instance),
      at: now,
      ...by,
      order: facts.replacing.ref,
      volume: facts.volume.toFixed(),
      price: price.toFixed(),
      replace: (intent as AmendIntent).replace === true,
      charges,
    };
  }
  return {
    kind: 'order',
    ref: state.peekRef('R', instance),
    at: now,
    expiresAt: now + leaseMs,
    ...(owner === undefined ? {} : { owner }),
    ...by,
    pair: facts.pair.id,
    side: facts.side,
    orderType: facts.orderType,
    margin: facts.margin,
    opening: facts.opening,
    reducing: facts.reducing,
    reduceOnly: facts.reduceOnly,
    volume: facts.volume.toFixed(),
    price: price.toFixed(),
    ...(facts.clOrdId === undefined ? {} : { clOrdId: facts.clOrdId }),
    charges,
  };
}

function chargeOf(pair: string, cost: number): RateCharge[] {
  return cost === 0 ? [] : [{ pair, cost }];
}

// Cancels always pass, but Kraken charges them by the age of the order: the counter must know.
function cancelCharges(intent: CancelIntent, state: GuardState, now: number): RateCharge[] {
  const orders = Array.isArray(intent.orderIds)
    ? intent.orderIds.flatMap((id) => (typeof id === 'string' ? (state.orders.find(id) ?? []) : []))
    : [...state.orders.all()];
  return orders.flatMap((order) => chargeOf(order.pair.id, rateCost('cancel', now - order.changedAt)));
}
