/**
 * One continuously decaying counter, the shape of both Kraken limits: c ← max(0, c − decay·Δt); a cost k is
 * accepted iff c + k ≤ cap, then c += k. Times are milliseconds on the limiter's clock.
 */

/**
 * Margin, in counter units, that a wait leaves below the boundary. A wait computed to land exactly on c + k = cap
 * would let the exchange, doing the same decay in its own floating-point steps, land one rounding error above
 * it; so waits end at least this far below (at most 1 ms later). Calls that fit without waiting use Kraken's
 * exact rule c + k ≤ cap, so a burst still gets the whole cap.
 */
export const BOUNDARY_MARGIN = 1e-9;

/** A cost that applies from `fromMs` after now until the next step (costs that fall as an order ages). */
export interface CostStep {
  fromMs: number;
  cost: number;
}

/**
 * What a call's flight took off a local count that the exchange's count still holds. Kraken charges a call when
 * it arrives, somewhere in the flight; the local count charged it when it was sent and has decayed since. While
 * the count stays above zero both decay alike and agree once the call has arrived: only decay the count could
 * not have had (below zero, had the call not been charged yet) is missing, at most the call's cost. `levelBefore`
 * is the local count just before the charge; `flightMs` runs from the charge to the answer (an upper bound of
 * the time to arrival, so the correction errs high).
 */
export function flightCorrection(
  cost: number,
  levelBefore: number,
  decayPerSecond: number,
  flightMs: number,
): number {
  const credited = (decayPerSecond * Math.max(0, flightMs)) / 1000;
  return Math.min(cost, Math.max(0, credited - levelBefore));
}

export type ChargeResult = { accepted: true } | { accepted: false; waitMs: number };

export class DecayingCounter {
  private value = 0;
  private updatedAt: number | undefined;

  constructor(
    readonly cap: number,
    readonly decayPerSecond: number,
  ) {}

  /** The counter at `now` (never below 0; a clock that steps back decays nothing). */
  valueAt(now: number): number {
    if (this.updatedAt === undefined || now <= this.updatedAt) return this.value;
    return Math.max(0, this.value - (this.decayPerSecond * (now - this.updatedAt)) / 1000);
  }

  /** True when a call of `cost` would be accepted at `now`. */
  fits(cost: number, now: number): boolean {
    return this.fitsValue(this.valueAt(now), cost);
  }

  /**
   * True when a call of `cost` fits at `now` with the margin a wait leaves to spare (see BOUNDARY_MARGIN; a cost
   * equal to the cap gets no margin: the counter must be at 0).
   */
  fitsWithMargin(cost: number, now: number): boolean {
    return this.valueAt(now) + cost <= this.cap - Math.min(BOUNDARY_MARGIN, this.cap - cost);
  }

  /**
   * Whole milliseconds until a call of `cost` fits (0 = now): the first whole ms at which it fits with the margin
   * to spare. Infinity when it never will (cost above the cap, or no decay).
   */
  waitMs(cost: number, now: number): number {
    const value = this.valueAt(now);
    if (this.fitsValue(value, cost)) return 0;
    if (cost > this.cap || this.decayPerSecond <= 0) return Number.POSITIVE_INFINITY;
    const target = this.cap - Math.min(BOUNDARY_MARGIN, this.cap - cost) - cost;
    const wait = Math.max(1, Math.ceil(((value - target) * 1000) / this.decayPerSecond));
    // Rounding in the division can put `wait` one ms off either way: settle it on the decay the counter will use.
    if (wait > 1 && this.fitsWithMargin(cost, now + wait - 1)) return wait - 1;
    return this.fitsWithMargin(cost, now + wait) ? wait : wait + 1;
  }

  /**
   * Whole milliseconds until the first moment the cost in force then fits, for a cost that falls in steps
   * (`steps` sorted by `fromMs`, the first at 0). Infinity when no step ever fits.
   */
  waitMsForSteps(steps: readonly CostStep[], now: number): number {
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      const start = Math.ceil(step.fromMs);
      const end = steps[index + 1]?.fromMs ?? Number.POSITIVE_INFINITY;
      const wait = start + this.waitMs(step.cost, now + start);
      if (wait < end) return wait;
    }
    return Number.POSITIVE_INFINITY;
  }

  /** Charges `cost` if it fits now; otherwise charges nothing and says how long to wait. */
  tryCharge(cost: number, now: number): ChargeResult {
    const wait = this.waitMs(cost, now);
    if (wait > 0) return { accepted: false, waitMs: wait };
    this.charge(cost, now);
    return { accepted: true };
  }

  /** Charges `cost` unconditionally (calls that do not wait for room: batch cancels, urgent cancels). */
  charge(cost: number, now: number): void {
    this.advance(now);
    this.value += cost;
  }

  /** Sets the counter to `value` at `now` (the exchange reported its own count). */
  set(value: number, now: number): void {
    this.advance(now);
    this.value = Math.max(0, value);
  }

  /** The exchange said the limit is exceeded although the local model disagreed: trust the exchange. */
  snapToCap(now: number): void {
    this.advance(now);
    this.value = Math.max(this.value, this.cap);
  }

  private advance(now: number): void {
    this.value = this.valueAt(now);
    this.updatedAt = this.updatedAt === undefined ? now : Math.max(this.updatedAt, now);
  }

  private fitsValue(value: number, cost: number): boolean {
    return value + cost <= this.cap;
  }
}
