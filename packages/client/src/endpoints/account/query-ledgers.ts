import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import { commaList, toBool, toId } from '../validate/basic-fields.js';
import { WireBuilder } from '../validate/wire-builder.js';
import type { LedgerEntry } from './order-info.js';

/** At most 20 ledger ids per call (docs). */
export const QUERY_LEDGERS_MAX = 20;

export interface QueryLedgersParams {
  /** 1–20 ledger ids. */
  id: readonly string[] | string;
  trades?: boolean;
}

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
