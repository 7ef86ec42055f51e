import type { OrderCloseParams } from '@krakenkit/core';
import { closeTermsOf } from '../strategies/protection.js';
import type { OrderRequest } from '../strategies/types.js';

/**
 * The AddOrder fields that carry an entry's protection: its conditional close (`close[ordertype]`,
 * `close[price]`), or nothing for an unprotected order.
 */
export function closeParams(request: OrderRequest): { close?: OrderCloseParams } {
  const terms = closeTermsOf(request);
  return terms === undefined ? {} : { close: { ordertype: terms.ordertype, price: terms.price } };
}
