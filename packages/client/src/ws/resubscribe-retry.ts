import { KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenkitError, TransportError } from '../errors/index.js';
import type { MethodResponse } from './messages.js';

/**
 * Failed resubscribes of one subscription on one socket after which that socket is dropped and reconnected: a socket
 * that keeps leaving subscribes unanswered while it stays open is more likely wedged than slow.
 */
export const RESUBSCRIBE_ATTEMPTS_PER_SOCKET = 3;

/**
 * Whether a subscribe that threw may succeed if sent again: no answer in time, a transport failure (the token fetch
 * included), or a retryable error. A closed client, an aborted call or a refusal (a config or auth error) is final.
 */
export function isTransientSubscribeFailure(error: unknown): boolean {
  if (error instanceof TransportError)
    return error.code !== KRAKENKIT_CODES.WS_CLOSED && error.code !== KRAKENKIT_CODES.WS_ABORTED;
  return error instanceof KrakenkitError && error.retryable;
}

/**
 * Kraken's answer to a subscribe for a channel the socket already has. After a resubscribe whose answer was lost
 * (it took effect), the retry gets this: it acknowledges the subscription rather than refusing it.
 */
export function isAlreadySubscribed(response: MethodResponse): boolean {
  return !response.success && response.error !== undefined && /already subscribed/i.test(response.error);
}
