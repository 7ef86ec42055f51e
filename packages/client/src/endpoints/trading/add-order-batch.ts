import { isValidatedOrderBatch, type OrderFields, parseOrderBatch } from '@krakenkit/core';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import type { OrderDescription } from './order-types.js';
import { batchWire } from './order-wire.js';
import { addOrderBatchResultNeeds } from './result-needs.js';

export { BATCH_ORDERS_MAX, BATCH_ORDERS_MIN } from '@krakenkit/core';

/** AddOrderBatch params: 2–15 orders on a single pair. Sent as JSON (nested data). */
export interface AddOrderBatchParams {
  pair: string;
  orders: readonly OrderFields[];
  deadline?: string | Date;
  /** Validate the whole batch only; nothing is placed. */
  validate?: boolean;
  asset_class?: 'tokenized_asset';
}

/** One entry per order, in request order: placed (`txid`, `descr`) or refused (`error`). */
export interface AddOrderBatchResult {
  orders: Array<{ txid?: string; descr?: OrderDescription; error?: string }>;
}

/**
 * `POST /0/private/AddOrderBatch`. Kraken validates the whole batch first (one bad order rejects all), then
 * places each order separately, so some may fail while others are placed. Raw params are validated by
 * `parseOrderBatch`; a batch that already is a ValidatedOrderBatch is only encoded.
 */
export const AddOrderBatch = defineEndpoint<AddOrderBatchParams, AddOrderBatchResult>({
  name: 'AddOrderBatch',
  access: 'private',
  permissions: [PERMISSIONS.trades_modify],
  rate: { kind: 'trading', action: 'batch-add' },
  encoding: 'json',
  idempotent: false,
  resultNeeds: addOrderBatchResultNeeds,
  toWire(params) {
    return batchWire(isValidatedOrderBatch(params) ? params : parseOrderBatch(params));
  },
});
