import {
  oneOf,
  toBool,
  toClOrdId,
  toNonNegativeInt,
  toTimeOrId,
  toUserref,
  WireBuilder,
} from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import type { ClosedOrderInfo } from './order-info.js';

/** Parameters of {@link ClosedOrders}: filters and the time window of the orders to list. */
export interface ClosedOrdersParams {
  trades?: boolean;
  userref?: number;
  cl_ord_id?: string;
  /** Unix time or order txid (exclusive). */
  start?: number | string;
  /** Unix time or order txid (inclusive). */
  end?: number | string;
  /** Offset for paging (50 per page, most recent first). */
  ofs?: number;
  closetime?: 'open' | 'close' | 'both';
  consolidate_taker?: boolean;
}

/** ClosedOrders `result`: closed orders keyed by txid, and how many match in total. */
export interface ClosedOrdersResult {
  closed: Record<string, ClosedOrderInfo>;
  count: number;
}

/** `POST /0/private/ClosedOrders`: a history call, charged the configurable history cost. */
export const ClosedOrders = defineEndpoint<ClosedOrdersParams, ClosedOrdersResult>({
  name: 'ClosedOrders',
  access: 'private',
  permissions: [PERMISSIONS.trades_query_closed],
  rate: { kind: 'rest', cost: 'history' },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('ClosedOrders', params, [
      'trades',
      'userref',
      'cl_ord_id',
      'start',
      'end',
      'ofs',
      'closetime',
      'consolidate_taker',
    ]);
    w.optional('trades', toBool);
    w.optional('userref', toUserref);
    w.optional('cl_ord_id', toClOrdId);
    w.optional('start', toTimeOrId);
    w.optional('end', toTimeOrId);
    w.optional('ofs', toNonNegativeInt);
    w.optional('closetime', oneOf(['open', 'close', 'both']));
    w.optional('consolidate_taker', toBool);
    return w.done();
  },
});
