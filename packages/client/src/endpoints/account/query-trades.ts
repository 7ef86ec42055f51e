import { commaList, toBool, toId, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import type { TradeInfo } from './order-info.js';

/** Kraken answers at most 20 trade ids per QueryTrades call (docs/kraken/rest-endpoints.md). */
export const QUERY_TRADES_MAX = 20;

/** Parameters of {@link QueryTrades}. */
export interface QueryTradesParams {
  /** 1–20 trade txids. */
  txid: readonly string[] | string;
  trades?: boolean;
}

/** QueryTrades `result`: the requested trades keyed by trade txid. */
export type QueryTradesResult = Record<string, TradeInfo>;

/** `POST /0/private/QueryTrades`: a history call (configurable history cost). */
export const QueryTrades = defineEndpoint<QueryTradesParams, QueryTradesResult>({
  name: 'QueryTrades',
  access: 'private',
  permissions: [PERMISSIONS.trades_query_closed, PERMISSIONS.trades_query_open],
  rate: { kind: 'rest', cost: 'history' },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('QueryTrades', params, ['txid', 'trades']);
    w.required('txid', commaList(toId, { max: QUERY_TRADES_MAX }));
    w.optional('trades', toBool);
    return w.done();
  },
});
