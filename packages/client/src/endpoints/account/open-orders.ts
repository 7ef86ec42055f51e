import { toBool, toClOrdId, toUserref, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import type { OrderInfo } from './order-info.js';

/** Parameters of {@link OpenOrders}. */
export interface OpenOrdersParams {
  /** Include trade ids. */
  trades?: boolean;
  /** Only orders with this userref. */
  userref?: number;
  /** Only the order with this client id (how an unknown AddOrder outcome is reconciled). */
  cl_ord_id?: string;
}

/** OpenOrders `result`: open orders keyed by txid. */
export interface OpenOrdersResult {
  open: Record<string, OrderInfo>;
}

/** `POST /0/private/OpenOrders`. */
export const OpenOrders = defineEndpoint<OpenOrdersParams, OpenOrdersResult>({
  name: 'OpenOrders',
  access: 'private',
  permissions: [PERMISSIONS.trades_query_open],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('OpenOrders', params, ['trades', 'userref', 'cl_ord_id']);
    w.optional('trades', toBool);
    w.optional('userref', toUserref);
    w.optional('cl_ord_id', toClOrdId);
    return w.done();
  },
});
