import { oneOf, toBool, toNonNegativeInt, toTimeOrId, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import type { TradeInfo } from './order-info.js';

/** The `type` filters TradesHistory accepts. */
export const TRADE_HISTORY_TYPES = [
  'all',
  'any position',
  'closed position',
  'closing position',
  'no position',
] as const;

/** Parameters of {@link TradesHistory}: trade type and time window. */
export interface TradesHistoryParams {
  type?: (typeof TRADE_HISTORY_TYPES)[number];
  /** Include trades related to each position. */
  trades?: boolean;
  /** Unix time or trade txid (exclusive). */
  start?: number | string;
  /** Unix time or trade txid (inclusive). */
  end?: number | string;
  ofs?: number;
  consolidate_taker?: boolean;
  /** Include related ledger ids. */
  ledgers?: boolean;
}

/** TradesHistory `result`: trades keyed by trade txid, and how many match in total. */
export interface TradesHistoryResult {
  trades: Record<string, TradeInfo>;
  count: number;
}

/**
 * `POST /0/private/TradesHistory`: a history call (configurable history cost). Kraken's permission table
 * (docs/kraken/api-keys.md) lists it under both query permissions; its endpoint page names "Query closed orders &
 * trades". Either is accepted locally, Kraken has the last word.
 */
export const TradesHistory = defineEndpoint<TradesHistoryParams, TradesHistoryResult>({
  name: 'TradesHistory',
  access: 'private',
  permissions: [PERMISSIONS.trades_query_closed, PERMISSIONS.trades_query_open],
  rate: { kind: 'rest', cost: 'history' },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('TradesHistory', params, [
      'type',
      'trades',
      'start',
      'end',
      'ofs',
      'consolidate_taker',
      'ledgers',
    ]);
    w.optional('type', oneOf(TRADE_HISTORY_TYPES));
    w.optional('trades', toBool);
    w.optional('start', toTimeOrId);
    w.optional('end', toTimeOrId);
    w.optional('ofs', toNonNegativeInt);
    w.optional('consolidate_taker', toBool);
    w.optional('ledgers', toBool);
    return w.done();
  },
});
