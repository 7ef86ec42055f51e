import { commaList, toBool, toId, toUserref, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import type { ClosedOrderInfo, OrderInfo } from './order-info.js';

/** Kraken answers at most 50 txids per QueryOrders call (docs/kraken/rest-endpoints.md). */
export const QUERY_ORDERS_MAX = 50;

/** Parameters of {@link QueryOrders}. */
export interface QueryOrdersParams {
  /** 1–50 order txids (array or comma text). */
  txid: readonly string[] | string;
  trades?: boolean;
  userref?: number;
  consolidate_taker?: boolean;
}

/** Keyed by txid; closed orders carry `closetm` and `reason`. */
export type QueryOrdersResult = Record<string, OrderInfo | ClosedOrderInfo>;

/** `POST /0/private/QueryOrders`. Needs either query permission, depending on the orders' status (docs). */
export const QueryOrders = defineEndpoint<QueryOrdersParams, QueryOrdersResult>({
  name: 'QueryOrders',
  access: 'private',
  permissions: [PERMISSIONS.trades_query_open, PERMISSIONS.trades_query_closed],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('QueryOrders', params, ['txid', 'trades', 'userref', 'consolidate_taker']);
    w.required('txid', commaList(toId, { max: QUERY_ORDERS_MAX }));
    w.optional('trades', toBool);
    w.optional('userref', toUserref);
    w.optional('consolidate_taker', toBool);
    return w.done();
  },
});
