import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import { oneOf, toBool, toName, toPair } from '../validate/basic-fields.js';
import { toDeadline } from '../validate/order-fields.js';
import { WireBuilder } from '../validate/wire-builder.js';
import { writeOrderFields } from './order-rules.js';
import { ORDER_FIELD_NAMES, type OrderDescription, type OrderFields } from './order-types.js';

/** AddOrder params: one order's fields plus the pair and request options. */
export interface AddOrderParams extends OrderFields {
  /** Pair id (`XXBTZUSD`) or altname (`XBTUSD`). */
  pair: string;
  /** RFC 3339 time (or Date) after which the matching engine must reject the order: now + 2 s to now + 60 s. */
  deadline?: string | Date;
  /** Validate only; nothing is placed (the result then has no `txid`). */
  validate?: boolean;
  /** `tokenized_asset` for xStocks pairs. */
  asset_class?: 'tokenized_asset';
  /** Partner IIBAN. */
  broker?: string;
}

/** What Kraken returns for a placed (or validated) order. */
export interface AddOrderResult {
  descr: OrderDescription;
  /** Order ids; absent when `validate` was set. */
  txid?: string[];
}

/** `POST /0/private/AddOrder`: place one order. Not idempotent: an unknown outcome is reconciled by `cl_ord_id`. */
export const AddOrder = defineEndpoint<AddOrderParams, AddOrderResult>({
  name: 'AddOrder',
  access: 'private',
  permissions: [PERMISSIONS.trades_modify],
  rate: { kind: 'trading', action: 'add' },
  encoding: 'form',
  idempotent: false,
  toWire(params) {
    const w = new WireBuilder('AddOrder', params, [
      ...ORDER_FIELD_NAMES,
      'pair',
      'deadline',
      'validate',
      'asset_class',
      'broker',
    ]);
    w.required('pair', toPair);
    writeOrderFields(w);
    w.optional('deadline', toDeadline);
    w.optional('validate', toBool);
    w.optional('asset_class', oneOf(['tokenized_asset']));
    w.optional('broker', toName(64));
    return w.done();
  },
});
