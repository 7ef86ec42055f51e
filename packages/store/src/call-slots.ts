import type { CallAnswer, CallRequest } from '@krakenkit/core/store';
import type { BudgetWaiter } from './budget-queue.js';
import { nextNonce } from './nonce-math.js';

/** The nonce state of one account: the last nonce issued, the calls in flight, the callers waiting for budget. */
export interface CallSlots {
  last: bigint | undefined;
  inFlight: Array<{ nonce: bigint; expiresAt: number }>;
  /** The budget queue (see budget-queue.ts); absent when empty. */
  waiting?: readonly BudgetWaiter[];
}

/**
 * The memory store's rule for `beginCall`, on a plain value a durable store reads and writes back:
 * expired slots are dropped, and a call is granted only while its nonce is within `window` of the oldest in flight
 * (with window 0: only when nothing is in flight). `next` is the state to keep when granted.
 */
export function grantCall(
  slots: CallSlots,
  request: CallRequest,
  now: number,
): { answer: CallAnswer; next: CallSlots | undefined } {
  const live = slots.inFlight.filter((slot) => slot.expiresAt > now);
  const nonce = nextNonce(slots.last, now);
  let oldest: bigint | undefined;
  for (const slot of live) if (oldest === undefined || slot.nonce < oldest) oldest = slot.nonce;
  const window = BigInt(Math.max(0, Math.trunc(request.window)));
  const fits = oldest === undefined || (window > 0n && nonce - oldest <= window);
  if (!fits) return { answer: { granted: false, retryInMs: 1 }, next: undefined };
  return {
    answer: { granted: true, nonce: nonce.toString() },
    next: { ...slots, last: nonce, inFlight: [...live, { nonce, expiresAt: now + request.leaseMs }] },
  };
}

/** The state after `endCall`: the slot dropped (and any expired one with it). */
export function endCall(slots: CallSlots, nonce: string, now: number): CallSlots {
  return {
    ...slots,
    inFlight: slots.inFlight.filter((slot) => slot.expiresAt > now && slot.nonce.toString() !== nonce),
  };
}
