import { KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenError, TransportError } from '../errors/index.js';
import { backoffDelay } from '../ws/backoff.js';

/** How the client retries idempotent calls. Writes are never retried: their unknown outcomes are reconciled. */
export interface RetrySettings {
  /** Total attempts of an idempotent call, the first included; default 3. */
  attempts: number;
  /** First backoff step (ms); each next one doubles; default 250. */
  baseDelayMs: number;
  /** Backoff never exceeds this (ms); default 5000. */
  maxDelayMs: number;
  /** `EService: Throttled: <ts>` further away than this (ms) is not waited for; default 60000. */
  maxThrottleWaitMs: number;
}

/** Retry settings used when `createClient` is given no `retry` option. */
export const DEFAULT_RETRY: RetrySettings = {
  attempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxThrottleWaitMs: 60_000,
};

/**
 * The delay before the next attempt, or `undefined` to give up. Only idempotent calls are retried, and only for
 * errors where repeating can help: Kraken's retryable strings (EService:Unavailable, EGeneral:Internal error,
 * rate limits...), requests that were not sent, network failures and 5xx/429 answers. Backoff is exponential with
 * "equal jitter" (half fixed, half random) so clients that failed together do not retry together; a throttle
 * answer is honoured by waiting at least until its timestamp.
 *
 * @param attempt - attempts made so far (1 after the first failure).
 */
export function retryDelay(
  error: unknown,
  attempt: number,
  idempotent: boolean,
  settings: RetrySettings,
  clock: { now: () => number; random: () => number },
): number | undefined {
  if (!idempotent || attempt >= settings.attempts || !isRetryable(error)) return undefined;
  const backoff = backoffDelay(
    attempt - 1,
    { baseDelayMs: settings.baseDelayMs, maxDelayMs: settings.maxDelayMs, factor: 2 },
    clock.random,
  );
  if (error instanceof KrakenError && error.retryAt !== undefined) {
    const wait = error.retryAt - clock.now();
    if (wait > settings.maxThrottleWaitMs) return undefined;
    return Math.max(wait, backoff);
  }
  return backoff;
}

function isRetryable(error: unknown): boolean {
  if (error instanceof KrakenError) return error.retryable;
  if (error instanceof TransportError) {
    if (error.code === KRAKENKIT_CODES.ABORTED) return false;
    if (error.outcome === 'not-sent' || error.status === undefined) return true;
    return error.status >= 500 || error.status === 429;
  }
  return false;
}
