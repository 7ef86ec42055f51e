/**
 * The deadlines of one transport's requests, under one timer. A timer per request costs a timer list, a libuv
 * timer start and a stop on every request; here a request joins a set and the one timer is armed at the earliest
 * deadline. The timer never keeps the process alive: a pending request's socket does (toggling the timer's ref on
 * every request cost more than the rest of this class).
 */

/** A request with a deadline: `expire()` is called once `deadline` (a `performance.now()` time) has passed. */
export interface Expiring {
  readonly deadline: number;
  expire(): void;
}

/** Node's timers take at most 2^31 − 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

export class Deadlines {
  private readonly pending = new Set<Expiring>();
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires (`performance.now()` ms); infinite when none is armed. */
  private firesAt = Number.POSITIVE_INFINITY;

  /** Watches `entry` until it expires or is deleted. */
  add(entry: Expiring): void {
    this.pending.add(entry);
    if (entry.deadline < this.firesAt) this.arm(entry.deadline);
  }

  /** Stops watching `entry` (its request settled). */
  delete(entry: Expiring): void {
    // A timer armed for a request that settled early fires for nothing.
    this.pending.delete(entry);
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.firesAt = at;
    // A delay past Node's timer range would fire at once: wake at the range's end and look again.
    this.timer = setTimeout(this.fire, Math.min(MAX_TIMER_MS, Math.max(0, at - performance.now())));
    this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.firesAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const entry of this.pending) {
      if (entry.deadline <= now) {
        this.pending.delete(entry);
        entry.expire();
      } else if (entry.deadline < next) next = entry.deadline;
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  };
}
