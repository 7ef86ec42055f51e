import type { ChargeAnswer, ChargeRequest } from '@krakenkit/core/store';
import { type CounterValue, chargeCounter } from './counter-math.js';

/**
 * A commit's charges, all or none: each is decided on the counter as the earlier charges of the same commit left
 * it. `granted` is false at the first charge that does not fit (its answer is the last); `next` holds the counters
 * to write back when every one was granted.
 */
export function chargeAll(
  counters: ReadonlyMap<string, CounterValue>,
  charges: readonly ChargeRequest[],
  now: number,
): { granted: boolean; answers: ChargeAnswer[]; next: Map<string, CounterValue> } {
  const next = new Map<string, CounterValue>();
  const answers: ChargeAnswer[] = [];
  for (const charge of charges) {
    const current = next.get(charge.counter) ?? counters.get(charge.counter);
    const { answer, next: value } = chargeCounter(current, charge, now);
    answers.push(answer);
    if (!answer.granted || value === undefined) return { granted: false, answers, next: new Map() };
    next.set(charge.counter, value);
  }
  return { granted: true, answers, next };
}
