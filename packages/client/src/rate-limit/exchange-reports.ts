import { DecayingCounter } from './decaying-counter.js';
import { type LoggedCharge, UnreportedCharges } from './unreported-charges.js';

/**
 * How long after the limiter lets a trading call go the exchange's reported counter surely includes it: the call's
 * flight plus the executions feed's delay. UNCONFIRMED (Kraken publishes no figure): 2 s, generous for a live
 * connection; configurable as `RateLimiterOptions.rateCounterLagMs`.
 */
export const DEFAULT_RATE_COUNTER_LAG_MS = 2_000;

/**
 * Where the exchange's counter can be, by its last report: at least the report (`low`; the limiter's calls in
 * flight may or may not be in it), at most the report plus every charge it may not include yet (`high`).
 */
export interface ReportedRange {
  low: number;
  high: number;
}

/**
 * What the exchange last reported of each pair's matching-engine counter (the executions feed's `ratecount`), and
 * the limiter's own charges those reports may not include yet. A report is taken as of its arrival and decays from
 * then (it was written a little earlier, so this never counts low).
 */
export class ExchangeReports {
  private readonly reported = new Map<string, DecayingCounter>();
  private readonly unreported: UnreportedCharges;

  constructor(
    private readonly threshold: number,
    private readonly decayPerSecond: number,
    lagMs: number,
  ) {
    this.unreported = new UnreportedCharges(lagMs);
  }

  /** Logs a charge the limiter just made. */
  record(pair: string, cost: number, at: number): LoggedCharge {
    return this.unreported.record(pair, cost, at);
  }

  /** The call of these charges was answered. */
  settle(charges: readonly LoggedCharge[], now: number): void {
    for (const charge of charges) this.unreported.settle(charge, now);
  }

  /** The exchange refused the call of these charges for its rate limit: it charged nothing. */
  forget(charges: readonly LoggedCharge[]): void {
    for (const charge of charges) this.unreported.forget(charge);
  }

  /** Records a report of `pair`'s counter arriving at `now`; returns the range it gives. */
  report(pair: string, value: number, now: number): ReportedRange {
    let counter = this.reported.get(pair);
    if (counter === undefined) {
      counter = new DecayingCounter(this.threshold, this.decayPerSecond);
      this.reported.set(pair, counter);
    }
    counter.set(value, now);
    return this.range(pair, now) ?? { low: value, high: value };
  }

  /** The range the last report gives at `now`; undefined when the pair was never reported. */
  range(pair: string, now: number): ReportedRange | undefined {
    const counter = this.reported.get(pair);
    if (counter === undefined) return undefined;
    const value = counter.valueAt(now);
    return { low: value, high: value + this.unreported.pending(pair, now) };
  }
}

/**
 * The counter the limiter keeps, given its own count and a reported range: its own count while inside the range
 * (the report then confirms it, and its own count knows the order of its recent calls better than the lag rule),
 * else the top of the range: the exchange counts more than the limiter knew (orders placed elsewhere), or fewer
 * than the limiter can have charged (worst cases that did not happen, a rejection taken to be full).
 */
export function reconciled(own: number, range: ReportedRange): number {
  return own < range.low || own > range.high ? range.high : own;
}
