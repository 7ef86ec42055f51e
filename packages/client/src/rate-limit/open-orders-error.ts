import { KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenkitError } from '../errors/index.js';

/**
 * The pair already holds Kraken's maximum of open orders (by the limiter's own count, created − closed), so the
 * add would be answered `EOrder:Orders limit exceeded`. Waiting does not help: an order must be closed first.
 * Thrown only when the limiter was created with `enforceOpenOrders: true`.
 */
export class OpenOrdersLimitError extends KrakenkitError {
  override name = 'OpenOrdersLimitError';
  readonly pair: string;
  readonly openOrders: number;
  readonly maxOpenOrders: number;

  constructor(pair: string, openOrders: number, maxOpenOrders: number, newOrders: number) {
    super(
      `pair ${pair} has ${openOrders} open orders; ${newOrders} more would pass Kraken's maximum of ${maxOpenOrders} per pair`,
      { code: KRAKENKIT_CODES.OPEN_ORDERS_LIMIT, category: 'rate-limit', retryable: false },
    );
    this.pair = pair;
    this.openOrders = openOrders;
    this.maxOpenOrders = maxOpenOrders;
  }
}
