import type { ChargeAnswer, ChargeRequest } from '@krakenkit/core/store';

/** A decaying counter as stored: its level at `at` (epoch ms). */
export interface CounterValue {
  level: number;
  at: number;
}

/** The level at `now` after linear decay, never below zero. */
export function decayed(value: CounterValue | undefined, decayPerSecond: number, now: number): number {
  if (value === undefined) return 0;
  const elapsed = Math.max(0, now - value.at) / 1000;
  return Math.max(0, value.level - elapsed * decayPerSecond);
}

/**
 * Kraken's rule for one charge: granted when the decayed level plus the cost stays within max (or when forced).
 * Returns the answer and, when granted, the counter's new value. Pure: the stores keep the value.
 */
export function chargeCounter(
  value: CounterValue | undefined,
  request: ChargeRequest,
  now: number,
): { answer: ChargeAnswer; next: CounterValue | undefined } {
  const level = decayed(value, request.decayPerSecond, now);
  if (request.force === true || level + request.cost <= request.max) {
    const next = { level: level + request.cost, at: now };
    return { answer: { granted: true, level: next.level, retryInMs: 0 }, next };
  }
  const excess = level + request.cost - request.max;
  const retryInMs =
    request.decayPerSecond > 0
      ? Math.ceil((excess / request.decayPerSecond) * 1000)
      : Number.POSITIVE_INFINITY;
  return { answer: { granted: false, level, retryInMs }, next: undefined };
}
