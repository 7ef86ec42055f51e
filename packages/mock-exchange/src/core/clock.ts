/**
 * The exchange's sense of time, in epoch milliseconds. Tests use a {@link ManualClock} so that fills, decay of
 * rate counters and the dead man's switch happen exactly when the test says; the server uses the system clock.
 */
export interface Clock {
  /** Now, in epoch milliseconds. */
  now(): number;
}

/** The wall clock (`Date.now`). */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #now: number;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` (never backwards). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ms must be >= 0, got ${ms}`);
    this.#now += ms;
  }

  /** Jumps to `ms` (must not be earlier than now). */
  set(ms: number): void {
    if (ms < this.#now) throw new RangeError(`ManualClock.set: ${ms} is before now (${this.#now})`);
    this.#now = ms;
  }
}
