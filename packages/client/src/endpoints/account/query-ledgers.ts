import { commaList, toBool, toId, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import type { LedgerEntry } from './order-info.js';

/** At most 20 ledger ids per call (docs). */
export const QUERY_LEDGERS_MAX = 20;

/** Parameters of {@link QueryLedgers}. */
export interface QueryLedgersParams {
  /** 1–20 ledger ids. */
  id: readonly string[] | string;
  trades?: boolean;
}

/** QueryLedgers `result`: the requested ledger entries keyed by ledger id. */
export type QueryLedgersResult = Record<string, LedgerEntry>;

/** `POST /0/private/QueryLedgers`: a history call (configurable history cost). */
export const QueryLedgers = defineEndpoint<QueryLedgersParams, QueryLedgersResult>({
  name: 'QueryLedgers',
  access: 'private',
  permissions: [PERMISSIONS.ledger_query],
  rate: { kind: 'rest', cost: 'history' },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('QueryLedgers', params, ['id', 'trades']);
    w.required('id', commaList(toId, { max: QUERY_LEDGERS_MAX }));
    w.optional('trades', toBool);
    return w.done();
  },
});
