import type { CallWaiter } from '@krakenkit/core/store';

/**
 * The queue of callers waiting for a counter's budget, kept with an account's call slots. Processes refused a
 * charge all sleep until the decay makes room and then race for it; without a queue the one that happens to wake
 * first takes every unit, and on a busy host that is the same process again and again. With it, the unit goes to
 * whoever has waited longest: the others are refused, however it fits, until that caller has had it or its place
 * has lapsed (the wait it was told plus its grace: a caller that died holds the others up that long at most).
 * A caller waits only for callers that may take the counter at least as high (`max`): a routine poll that leaves
 * headroom for other calls never holds up a call that may use it, and such a call goes before every poll, even
 * one queued long before it (polls wait in line all the time: by age alone a call needing more room than the
 * polls leave would never get it).
 */
export interface BudgetWaiter {
  /** The caller (CallWaiter.id). */
  id: string;
  /** The counter it waits for. */
  counter: string;
  /** The max its charge may take the counter to. */
  max: number;
  /** When it was first refused (epoch ms): its place. */
  queuedAt: number;
  /** When its place lapses (epoch ms). */
  until: number;
}

/** How many callers a queue holds; past that a refused caller just waits, unqueued (bounded state). */
export const MAX_WAITERS = 64;
/** The longest a queued-behind caller is told to wait before it asks again (ms): the head may not come. */
export const QUEUE_RETRY_MS = 10;
/** The longest wait a place is kept for (ms): a charge that fits only later than this does not queue. */
export const MAX_QUEUED_WAIT_MS = 60_000;

/** The places that have not lapsed. */
export function liveWaiters(queue: readonly BudgetWaiter[] | undefined, now: number): BudgetWaiter[] {
  return (queue ?? []).filter((waiter) => waiter.until > now);
}

/**
 * Who goes before `id` on `counter` for a charge under `max`, if anyone: a caller waiting under a higher max (a
 * one-off call goes before every routine poll, whenever either queued), else the first caller queued under the
 * same max (`id`'s own place ahead of it means nobody is).
 */
export function waiterAhead(
  queue: readonly BudgetWaiter[],
  counter: string,
  max: number,
  id: string,
): BudgetWaiter | undefined {
  let sameMax: BudgetWaiter | undefined;
  let mineSeen = false;
  for (const waiter of queue) {
    if (waiter.counter !== counter || waiter.max < max) continue;
    if (waiter.id === id) {
      mineSeen = true;
      continue;
    }
    if (waiter.max > max) return waiter;
    if (!mineSeen && sameMax === undefined) sameMax = waiter;
  }
  return sameMax;
}

/**
 * `queue` with `waiter` queued for `counter` under `max` (its place kept if it has one) until `retryMs` + its
 * grace from now.
 */
export function enqueue(
  queue: readonly BudgetWaiter[],
  waiter: CallWaiter,
  counter: string,
  max: number,
  now: number,
  retryMs: number,
): readonly BudgetWaiter[] {
  if (!Number.isFinite(retryMs) || retryMs > MAX_QUEUED_WAIT_MS) return queue;
  const until = now + retryMs + waiter.graceMs;
  const index = queue.findIndex((entry) => entry.id === waiter.id && entry.counter === counter);
  if (index >= 0) {
    const kept = queue[index] as BudgetWaiter;
    const next = [...queue];
    next[index] = { ...kept, max, until: Math.max(kept.until, until) };
    return next;
  }
  if (queue.length >= MAX_WAITERS) return queue;
  return [...queue, { id: waiter.id, counter, max, queuedAt: now, until }];
}

/** `queue` without `id`'s places: it has been granted. */
export function dequeue(queue: readonly BudgetWaiter[], id: string): readonly BudgetWaiter[] {
  return queue.some((entry) => entry.id === id) ? queue.filter((entry) => entry.id !== id) : queue;
}
