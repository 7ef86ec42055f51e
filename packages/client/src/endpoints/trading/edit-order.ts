import { type DecimalInput, type OrderFlag, type PriceInput, toWireDecimal } from '@krakenkit/core';
import {
  price,
  toBool,
  toDeadline,
  toId,
  toOrderFlags,
  toPair,
  toUserref,
  WireBuilder,
} from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** EditOrder params (legacy cancel-and-replace; prefer AmendOrder). */
export interface EditOrderParams {
  /** The order's txid, or a userref (integer). */
  txid: string | number;
  pair: string;
  volume?: DecimalInput;
  displayvol?: DecimalInput;
  price?: PriceInput;
  price2?: PriceInput;
  oflags?: readonly OrderFlag[] | string;
  deadline?: string | Date;
  cancel_response?: boolean;
  /** New userref for the replacement order. */
  userref?: number;
  validate?: boolean;
}

/** EditOrder `result`: the status, and the new and original txids. */
export interface EditOrderResult {
  status: string;
  txid?: string;
  originaltxid?: string;
  volume?: string;
  price?: string;
  price2?: string;
  orders_cancelled?: number;
  descr?: { order: string };
  newuserref?: number;
  olduserref?: number;
  error_message?: string;
}

/**
 * `POST /0/private/EditOrder`: cancels the order and places a new one with a NEW txid (queue position lost).
 * Permission: "Create & modify orders" (docs/kraken/api-keys.md table).
 */
export const EditOrder = defineEndpoint<EditOrderParams, EditOrderResult>({
  name: 'EditOrder',
  access: 'private',
  permissions: [PERMISSIONS.trades_modify],
  rate: { kind: 'trading', action: 'edit' },
  encoding: 'form',
  idempotent: false,
  toWire(params) {
    const w = new WireBuilder('EditOrder', params, [
      'txid',
      'pair',
      'volume',
      'displayvol',
      'price',
      'price2',
      'oflags',
      'deadline',
      'cancel_response',
      'userref',
      'validate',
    ]);
    w.required('txid', (f, v) => (typeof v === 'number' ? toUserref(f, v) : toId(f, v)));
    w.required('pair', toPair);
    w.optional('volume', (f, v) => toWireDecimal(f, v));
    w.optional('displayvol', (f, v) => toWireDecimal(f, v));
    w.optional('price', price('relative'));
    w.optional('price2', price('relative'));
    const flags = w.optional('oflags', toOrderFlags);
    if (flags !== undefined) w.set('oflags', flags.join(','));
    w.optional('deadline', toDeadline);
    w.optional('cancel_response', toBool);
    w.optional('userref', toUserref);
    w.optional('validate', toBool);
    return w.done();
  },
});
