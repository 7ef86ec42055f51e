import { KRAKENKIT_CODES, KrakenkitError } from '@krakenkit/core';

/**
 * `not-sent`: the request never left the process (connect refused, aborted before write): safe to retry.
 * `unknown`: it may have reached Kraken and taken effect (timeout, reset mid-flight, 5xx): reconcile first.
 */
export type CallOutcome = 'not-sent' | 'unknown';

export class TransportError extends KrakenkitError {
  override name = 'TransportError';
  readonly outcome: CallOutcome;
  readonly endpoint: string;
  /** HTTP status when a response arrived that was not a Kraken envelope. */
  readonly status: number | undefined;

  constructor(
    message: string,
    options: { endpoint: string; outcome: CallOutcome; status?: number; code?: string; cause?: unknown },
  ) {
    super(message, {
      code: options.code ?? KRAKENKIT_CODES.TRANSPORT,
      category: 'network',
      retryable: options.outcome === 'not-sent',
      cause: options.cause,
    });
    this.outcome = options.outcome;
    this.endpoint = options.endpoint;
    this.status = options.status;
  }
}

/** The order's fate could not be established, even after querying for its client order id. */
export class UnknownOrderOutcomeError extends KrakenkitError {
  override name = 'UnknownOrderOutcomeError';
  readonly clOrdId: string;
  readonly endpoint: string;

  constructor(endpoint: string, clOrdId: string, cause: unknown) {
    super(
      `${endpoint}: outcome of order cl_ord_id=${clOrdId} is unknown after reconciliation; query it before placing it again`,
      { code: KRAKENKIT_CODES.ORDER_OUTCOME_UNKNOWN, category: 'network', retryable: false, cause },
    );
    this.clOrdId = clOrdId;
    this.endpoint = endpoint;
  }
}

/**
 * The call's answer was lost, and querying by client order id proved the order(s) were NOT placed. Unlike the
 * ambiguous error it wraps (`cause`), the outcome is now known: placing the order again is safe.
 */
export class OrderNotPlacedError extends KrakenkitError {
  override name = 'OrderNotPlacedError';
  readonly clOrdIds: readonly string[];
  readonly endpoint: string;

  constructor(endpoint: string, clOrdIds: readonly string[], cause: unknown) {
    super(
      `${endpoint}: the answer was lost and a lookup of cl_ord_id=${clOrdIds.join(',')} shows the order was not placed`,
      { code: KRAKENKIT_CODES.ORDER_NOT_PLACED, category: 'network', retryable: true, cause },
    );
    this.clOrdIds = [...clOrdIds];
    this.endpoint = endpoint;
  }
}
