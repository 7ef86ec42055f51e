import { KrakenError, KrakenkitError, OrderNotPlacedError, TransportError } from '@krakenkit/client';

/**
 * Whether a failed call certainly did not take effect, so its reservation can be released. Anything else (a
 * timeout, an ambiguous Kraken error, an unknown error) keeps the reservation: the headroom stays taken until
 * reconciliation says what happened. Failing closed here means refusing too much for a while, never too little.
 */
export function certainlyNotPlaced(error: unknown): boolean {
  if (error instanceof KrakenError) return !error.ambiguous;
  // The client looked the order up by cl_ord_id after a lost answer and found it absent.
  if (error instanceof OrderNotPlacedError) return true;
  if (error instanceof TransportError) return error.outcome === 'not-sent';
  if (error instanceof KrakenkitError) {
    // Refused locally before sending: bad params, missing permission, fail-fast rate limit, closed client.
    return ['validation', 'permission', 'rate-limit', 'config', 'guard'].includes(error.category);
  }
  return false;
}

/** The Kraken string of a rejection, for the audit trail. */
export function rejectionCode(error: unknown): string | undefined {
  return error instanceof KrakenkitError ? error.code : undefined;
}
