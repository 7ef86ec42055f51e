import { KRAKENKIT_CODES, KrakenkitError } from '@krakenkit/client';

/**
 * True when sending the same call again can help: a lost answer, a reset connection, a 5xx, an EService error or
 * a rate limit the client would wait out. For the calls the runner repeats itself (CancelAllOrdersAfter only sets
 * a timer; a cancel of an order already gone answers `EOrder:Unknown order`), repeating is safe even when the
 * first call took effect: the client retries only calls it knows to be idempotent, and leaves these alone. Auth
 * and permission errors are not repeated: they halt, and repeating a bad key invites Kraken's lockout. Nor is a
 * call the caller aborted.
 */
export function callMayBeRepeated(error: unknown): boolean {
  if (!(error instanceof KrakenkitError) || error.code === KRAKENKIT_CODES.ABORTED) return false;
  if (error.category === 'network' || error.category === 'service') return true;
  return error.category === 'rate-limit' && error.retryable;
}

/**
 * True when a call failed because its caller aborted it: nothing went wrong with the exchange. Some layers
 * reject with the signal's own reason (an AbortError), others wrap it (`KRAKENKIT_ABORTED`): the cause chain is
 * searched for either.
 */
export function isAbort(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = current.cause) {
    seen.add(current);
    if (current.name === 'AbortError') return true;
    if (current instanceof KrakenkitError && current.code === KRAKENKIT_CODES.ABORTED) return true;
  }
  return false;
}
