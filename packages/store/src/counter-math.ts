import type { ChargeAnswer, ChargeRequest } from '@krakenkit/core/store';

/**
 * A decaying counter as stored: its level at `at` (epoch ms), and whether that level is exact: a sum of whole
 * charges since the counter was surely empty, with no decay taken off since (see DECAYED_LEVEL_MARGIN). A value
 * stored without the flag counts as not exact.
 */
export interface CounterValue {
  level: number;
  at: number;
  exact?: boolean;
}

/**
 * Counter units a charge leaves to spare below max on a level that is not exact. A level reached by decay
 * carries rounding error, and the exchange does the same decay in its own floating-point steps: at the exact
 * boundary (level + cost = max, common with whole-ms clocks) it can land one rounding error above and refuse what
 * the store granted. So such a charge goes the first ms past the boundary. A level the decay has not touched since
 * the counter was empty (a burst) is an exact sum, and gets the whole max, as Kraken gives it.
 */
export const DECAYED_LEVEL_MARGIN = 1e-9;

/** The counter at `now`: its level after linear decay (never below zero), and whether it is exact. */
export function levelAt(
  value: CounterValue | undefined,
  decayPerSecond: number,
  now: number,
): { level: number; exact: boolean } {
  if (value === undefined) return { level: 0, exact: true };
  const decay = (Math.max(0, now - value.at) / 1000) * decayPerSecond;
  const raw = value.level - decay;
  // Decayed past zero by more than any rounding: the exchange's count is empty too.
  if (raw <= -DECAYED_LEVEL_MARGIN) return { level: 0, exact: true };
  return { level: Math.max(0, raw), exact: value.exact === true && decay === 0 };
}

/** The level at `now` after linear decay, never below zero. */
export function decayed(value: CounterValue | undefined, decayPerSecond: number, now: number): number {
  return levelAt(value, decayPerSecond, now).level;
}

/**
 * Kraken's rule for one charge: granted when the decayed level plus the cost stays within max, less the margin
 * above when the level is not exact (or always when forced). Returns the answer and, when granted, the counter's
 * new value. Pure: the stores keep the value.
 */
export function chargeCounter(
  value: CounterValue | undefined,
  request: ChargeRequest,
  now: number,
): { answer: ChargeAnswer; next: CounterValue | undefined } {
  const { level, exact } = levelAt(value, request.decayPerSecond, now);
  // Without decay there is no rounding to fear: sums of costs are all there is.
  const limit = exact || request.decayPerSecond === 0 ? request.max : request.max - DECAYED_LEVEL_MARGIN;
  if (request.force === true || level + request.cost <= limit) {
    // A forced charge is a correction of any size (or a cancel past max): the sum is no longer known exact.
    const next = { level: level + request.cost, at: now, exact: exact && request.force !== true };
    return { answer: { granted: true, level: next.level, retryInMs: 0 }, next };
  }
  // By the time it fits the level will have decayed, so it needs the margin then, whatever it is now.
  const excess = level + request.cost - (request.max - DECAYED_LEVEL_MARGIN);
  const retryInMs =
    request.decayPerSecond > 0
      ? Math.ceil((excess / request.decayPerSecond) * 1000)
      : Number.POSITIVE_INFINITY;
  return { answer: { granted: false, level, retryInMs }, next: undefined };
}
