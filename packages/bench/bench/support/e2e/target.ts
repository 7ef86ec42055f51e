/**
 * A target held against per-round ratios (one contestant's figure over another's in the same round), judged from
 * the sign-test interval of their median (`medianInterval`): met only when the whole interval is on the target's
 * side, missed when all of it is on the other, otherwise undecided at this host's noise (and always undecided
 * with fewer than 6 rounds, which give no 95 % interval). A host whose speed moves within a run makes single
 * rounds swing far either way; many short rounds narrow the interval where a few long ones do not.
 */
import { formatRange } from './report.js';
import { type MedianInterval, medianInterval, spread } from './stats.js';

/** `at-most`: a cost ratio that must stay at or under the target; `at-least`: a rate ratio at or over it. */
export type TargetSide = 'at-most' | 'at-least';

export type TargetOutcome = 'met' | 'not met' | 'undecided';

export interface TargetVerdict {
  /** The median of the per-round ratios. */
  median: number;
  interval: MedianInterval;
  outcome: TargetOutcome;
  /** `1.04x (95.1 % interval of the median 1.01–1.07x); target ≤ 1.10x met`. */
  text: string;
}

export function judgeTarget(ratios: readonly number[], target: number, side: TargetSide): TargetVerdict {
  const median = spread(ratios).median;
  const interval = medianInterval(ratios);
  const within = (value: number) => (side === 'at-most' ? value <= target : value >= target);
  const outcome: TargetOutcome =
    interval.confidence < 0.95
      ? 'undecided'
      : within(interval.low) && within(interval.high)
        ? 'met'
        : !within(interval.low) && !within(interval.high)
          ? 'not met'
          : 'undecided';
  const why =
    outcome !== 'undecided'
      ? ''
      : interval.confidence < 0.95
        ? ' (too few rounds for a 95 % interval)'
        : ' (the interval spans it)';
  const text = `${median.toFixed(2)}x (${formatInterval(interval)}); target ${side === 'at-most' ? '≤' : '≥'} ${target.toFixed(2)}x ${outcome}${why}`;
  return { median, interval, outcome, text };
}

/** `95.1 % interval of the median 1.01–1.07x`. */
export function formatInterval(interval: MedianInterval): string {
  return `${(100 * interval.confidence).toFixed(1)} % interval of the median ${formatRange({ min: interval.low, median: Number.NaN, max: interval.high }, 2)}x`;
}
