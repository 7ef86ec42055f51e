import { type AddOrderParams, isValidatedOrder, parseOrder } from '@krakenkit/core';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import type { OrderDescription } from './order-types.js';
import { orderWire } from './order-wire.js';
import { addOrderResultNeeds } from './result-needs.js';

export type { AddOrderParams };

/** What Kraken returns for a placed (or validated) order. */
export interface AddOrderResult {
  descr: OrderDescription;
  /** Order ids; absent when `validate` was set. */
  txid?: string[];
}

/**
 * `POST /0/private/AddOrder`: place one order. Not idempotent: an unknown outcome is reconciled by `cl_ord_id`.
 * Raw params are validated by `parseOrder`; an order that already is a ValidatedOrder is only encoded.
 */
export const AddOrder = defineEndpoint<AddOrderParams, AddOrderResult>({
  name: 'AddOrder',
  access: 'private',
  permissions: [PERMISSIONS.trades_modify],
  rate: { kind: 'trading', action: 'add' },
  encoding: 'form',
  idempotent: false,
  resultNeeds: addOrderResultNeeds,
  toWire(params) {
    return orderWire(isValidatedOrder(params) ? params : parseOrder(params));
  },
});
