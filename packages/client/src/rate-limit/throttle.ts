import { normalizeKrakenCode, throttledUntilMs } from '../errors/index.js';

/**
 * Kraken's concurrency throttle: `EService: Throttled: <UNIX timestamp>` means "try again after that time"
 * (docs/kraken/rate-limits.md). Until then no private call is sent: it would only be throttled again and prolong the penalty.
 * Times are epoch milliseconds, so the limiter's clock must be epoch-based (Date.now by default).
 */
export class Throttle {
  private until: number | undefined;

  /**
   * @param fallbackMs How long to hold private calls when the throttle string carries no readable timestamp.
   * UNCONFIRMED: Kraken documents the timestamp as always present; 1 s is our guess for the odd case.
   */
  constructor(private readonly fallbackMs = 1_000) {}

  /** Records a throttle error (returns true) or ignores any other code (returns false). */
  observe(code: string, now: number): boolean {
    if (!normalizeKrakenCode(code).startsWith('EService:Throttled')) return false;
    this.holdUntil(throttledUntilMs(code) ?? now + this.fallbackMs);
    return true;
  }

  /** Holds private calls until `epochMs` (a later hold never shortens an earlier one). */
  holdUntil(epochMs: number): void {
    if (!Number.isFinite(epochMs)) return;
    this.until = this.until === undefined ? epochMs : Math.max(this.until, epochMs);
  }

  /** Whole ms until private calls may go again (0 = now). */
  waitMs(now: number): number {
    return this.until === undefined || now >= this.until ? 0 : Math.ceil(this.until - now);
  }

  /** The time the current hold ends, or undefined when no hold is in force at `now`. */
  activeUntil(now: number): number | undefined {
    return this.until !== undefined && now < this.until ? this.until : undefined;
  }
}
