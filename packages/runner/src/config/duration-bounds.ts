export const SECOND = 1_000;
export const HOUR = 3_600_000;

/** The shortest and the longest a duration setting may be, in ms. */
export interface DurationBounds {
  minMs: number;
  maxMs: number;
}

/**
 * `run.shutdownTimeout` and `--shutdown-timeout`: at least a second, so a stop can cancel anything at all; at most
 * an hour, so a stop that hangs on the exchange still ends.
 */
export const SHUTDOWN_TIMEOUT: DurationBounds = { minMs: SECOND, maxMs: HOUR };

/** Whether `ms` is within `bounds`, both ends included. */
export function isWithin(ms: number, bounds: DurationBounds): boolean {
  return ms >= bounds.minMs && ms <= bounds.maxMs;
}

/** `from 1s to 1h`: the bounds as a user would write them, for messages. */
export function boundsText(bounds: DurationBounds): string {
  return `from ${written(bounds.minMs)} to ${written(bounds.maxMs)}`;
}

/** `100ms`, `1s`, `1h`: a duration as it would be written in the file. */
export function written(ms: number): string {
  if (ms > 0 && ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms > 0 && ms % SECOND === 0) return `${ms / SECOND}s`;
  return `${ms}ms`;
}
