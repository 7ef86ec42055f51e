/**
 * Retry and reconnect delays: exponential growth with "equal jitter" (a random delay between half and all of the
 * exponential step), capped. Jitter spreads the retries of many clients after an outage instead of stampeding the
 * server; the fixed half keeps a retry from coming back at once.
 */
export interface BackoffOptions {
  /** Delay before the first reconnect attempt's jitter is applied (default 500 ms). */
  baseDelayMs?: number;
  /** Upper bound of any delay (default 30 s). */
  maxDelayMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
}

/** Delay before reconnect attempt `attempt` (0-based). `random` returns [0, 1), like Math.random. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const factor = options.factor ?? 2;
  const step = Math.min(max, base * factor ** Math.min(attempt, 64));
  const r = random();
  const unit = r >= 0 && r < 1 ? r : 0.5;
  return Math.round(step / 2 + (step / 2) * unit);
}
