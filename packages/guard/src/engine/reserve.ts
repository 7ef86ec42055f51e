import type { AmendIntent, CancelIntent, GuardIntent } from '../intent.js';
import { orderCost } from '../rules/order-rate.js';
import type { GuardState } from '../state/guard-state.js';
import { rateCost } from '../state/rate-counters.js';
import type { Evaluation } from './check.js';

/**
 * Records an allowed intent as a reservation, so the next check sees its headroom taken: an order holds its pool
 * borrow, position size, notional and open-order slot from now until it is rejected, cancelled or filled; an
 * amend holds the larger of old and new; a withdrawal counts in the 24-hour window. Returns the reservation id.
 * Only called with an allowed evaluation, synchronously after it (nothing can change state in between).
 */
export function recordReservation(
  intent: GuardIntent,
  evaluation: Evaluation,
  state: GuardState,
  now: number,
  owner?: string,
): string | undefined {
  switch (evaluation.kind) {
    case 'cancel':
      chargeCancel(intent as CancelIntent, state, now);
      return undefined;
    case 'withdraw': {
      const facts = evaluation.facts;
      if (facts?.usd === undefined) return undefined;
      const ref = state.nextRef('W');
      state.withdrawals.add({
        ref,
        at: now,
        usd: facts.usd,
        asset: facts.currency,
        amount: facts.amount,
        status: 'in-flight',
      });
      return ref;
    }
    case 'order':
      return evaluation.facts === undefined
        ? undefined
        : reserveOrder(intent, evaluation.facts, state, now, owner);
  }
}

function reserveOrder(
  intent: GuardIntent,
  facts: NonNullable<Extract<Evaluation, { kind: 'order' }>['facts']>,
  state: GuardState,
  now: number,
  owner: string | undefined,
): string | undefined {
  const price = facts.chargePrice;
  if (price === undefined) return undefined;
  state.rates.charge(facts.pair.id, orderCost(facts, now), now);
  if (facts.replacing !== undefined) {
    const ref = state.nextRef('A');
    state.orders.beginAmend(facts.replacing, {
      ref,
      volume: facts.volume,
      price,
      replace: (intent as AmendIntent).replace === true,
    });
    return ref;
  }
  const ref = state.nextRef('R');
  state.orders.add({
    ref,
    clOrdId: facts.clOrdId,
    pair: facts.pair,
    side: facts.side,
    orderType: facts.orderType,
    margin: facts.margin,
    opening: facts.opening,
    reducing: facts.reducing,
    reduceOnly: facts.reduceOnly,
    volume: facts.volume,
    price,
    createdAt: now,
    owner,
  });
  return ref;
}

// Cancels always pass, but Kraken charges them by the age of the order: the counter must know.
function chargeCancel(intent: CancelIntent, state: GuardState, now: number): void {
  const orders = Array.isArray(intent.orderIds)
    ? intent.orderIds.flatMap((id) => (typeof id === 'string' ? (state.orders.find(id) ?? []) : []))
    : [...state.orders.all()];
  for (const order of orders)
    state.rates.charge(order.pair.id, rateCost('cancel', now - order.createdAt), now);
}
