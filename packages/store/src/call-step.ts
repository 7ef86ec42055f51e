import type { CallAnswer, CallEnding, CallRequest, ChargeAnswer } from '@krakenkit/core/store';
import { type CallSlots, endCall, grantCall } from './call-slots.js';
import { chargeAll } from './charge-all.js';
import { type CounterValue, chargeCounter } from './counter-math.js';

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
 * taken. `slots`/`counters` are what to keep when granted (counters only when there were charges).
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
  const outcome = chargeAll(counters, charges, now);
  if (!outcome.granted) {
    return { answer: { granted: false, retryInMs: retryOf(outcome.answers), charges: outcome.answers } };
  }
  return {
    answer: { ...slot.answer, charges: outcome.answers },
    slots: slot.next,
    counters: new Map([...counters, ...outcome.next]),
  };
}

// The refused charge is the last answer; at least 1 ms, so a caller never asks again in a tight loop.
function retryOf(answers: readonly ChargeAnswer[]): number {
  return Math.max(1, answers.at(-1)?.retryInMs ?? 1);
}
