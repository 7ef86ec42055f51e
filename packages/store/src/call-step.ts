import type { CallAnswer, CallEnding, CallRequest, ChargeAnswer, ChargeRequest } from '@krakenkit/core/store';
import {
  type BudgetWaiter,
  dequeue,
  enqueue,
  liveWaiters,
  QUEUE_RETRY_MS,
  waiterAhead,
} from './budget-queue.js';
import { type CallSlots, endCall, grantCall } from './call-slots.js';
import { chargeAll } from './charge-all.js';
import { type CounterValue, chargeCounter, decayed } from './counter-math.js';

/** Slots and counters after a beginCall's `ending` (or an endCall): each call's slot dropped, its charges taken. */
export function endCalls(
  slots: CallSlots,
  counters: ReadonlyMap<string, CounterValue>,
  ending: readonly CallEnding[],
  now: number,
): { slots: CallSlots; counters: Map<string, CounterValue> | undefined } {
  let nextSlots = slots;
  let nextCounters: Map<string, CounterValue> | undefined;
  for (const call of ending) {
    nextSlots = endCall(nextSlots, call.nonce, now);
    for (const charge of call.charges ?? []) {
      nextCounters ??= new Map(counters);
      const { next } = chargeCounter(nextCounters.get(charge.counter), { ...charge, force: true }, now);
      if (next !== undefined) nextCounters.set(charge.counter, next);
    }
  }
  return { slots: nextSlots, counters: nextCounters };
}

/**
 * The slot and the charges of a beginCall, decided together (after its endings, and after its journal was found
 * at the expected seq): a slot that is not free, or a charge that does not fit, refuses the call with nothing
 * taken. With a `waiter`, the budget queue (budget-queue.ts) comes first: a charge on a counter someone else has
 * waited for longer is refused however it fits, and a charge that does not fit queues its caller. `slots` is what
 * to keep when it changed (granted, or the queue moved); `counters` only when charges were taken.
 */
export function grantWithCharges(
  slots: CallSlots,
  counters: ReadonlyMap<string, CounterValue>,
  request: CallRequest,
  now: number,
): { answer: CallAnswer; slots?: CallSlots; counters?: Map<string, CounterValue> } {
  const slot = grantCall(slots, request, now);
  if (!slot.answer.granted || slot.next === undefined) return { answer: slot.answer };
  const charges = request.charges ?? [];
  if (charges.length === 0) return { answer: slot.answer, slots: slot.next };
  const waiter = request.waiter;
  const queue = waiter === undefined ? [] : liveWaiters(slots.waiting, now);
  if (waiter !== undefined) {
    for (const charge of charges) {
      if (charge.force === true) continue;
      const ahead = waiterAhead(queue, charge.counter, charge.max, waiter.id);
      if (ahead === undefined) continue;
      // Someone has waited longer: this caller keeps (or takes) its own place and asks again shortly.
      const retryInMs = Math.max(1, Math.min(QUEUE_RETRY_MS, Math.ceil(ahead.until - now)));
      const level = decayed(counters.get(charge.counter), charge.decayPerSecond, now);
      return {
        answer: { granted: false, retryInMs, charges: [{ granted: false, level, retryInMs }] },
        slots: withQueue(slots, enqueue(queue, waiter, charge.counter, charge.max, now, retryInMs)),
      };
    }
  }
  const outcome = chargeAll(counters, charges, now);
  if (!outcome.granted) {
    const retryInMs = retryOf(outcome.answers);
    const answer: CallAnswer = { granted: false, retryInMs, charges: outcome.answers };
    if (waiter === undefined) return { answer };
    const refused = charges[outcome.answers.length - 1] as ChargeRequest;
    const queued = enqueue(queue, waiter, refused.counter, refused.max, now, retryInMs);
    return { answer, slots: withQueue(slots, queued) };
  }
  const next = waiter === undefined ? slot.next : withQueue(slot.next, dequeue(queue, waiter.id));
  return {
    answer: { ...slot.answer, charges: outcome.answers },
    slots: next,
    counters: new Map([...counters, ...outcome.next]),
  };
}

/** `slots` with `queue` as its budget queue (the field dropped when the queue is empty). */
function withQueue(slots: CallSlots, queue: readonly BudgetWaiter[]): CallSlots {
  const { waiting: _dropped, ...rest } = slots;
  return queue.length === 0 ? rest : { ...rest, waiting: queue };
}

// The refused charge is the last answer; at least 1 ms, so a caller never asks again in a tight loop.
function retryOf(answers: readonly ChargeAnswer[]): number {
  return Math.max(1, answers.at(-1)?.retryInMs ?? 1);
}
