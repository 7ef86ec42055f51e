import {
  commaList,
  oneOf,
  toAsset,
  toBool,
  toNonNegativeInt,
  toTimeOrId,
  WireBuilder,
} from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import type { LedgerEntry } from './order-info.js';

/** Ledger entry types Kraken filters on (docs get-ledgers). */
export const LEDGER_TYPES = [
  'all',
  'trade',
  'deposit',
  'withdrawal',
  'transfer',
  'margin',
  'adjustment',
  'rollover',
  'credit',
  'settled',
  'staking',
  'dividend',
  'sale',
  'nft_rebate',
] as const;

/** Parameters of {@link Ledgers}: which assets, entry types and time window. */
export interface LedgersParams {
  /** Assets (array or comma text); all when omitted. */
  asset?: readonly string[] | string;
  aclass?: 'currency' | 'tokenized_asset';
  type?: (typeof LEDGER_TYPES)[number];
  /** Unix time or ledger id (exclusive). */
  start?: number | string;
  /** Unix time or ledger id (inclusive). */
  end?: number | string;
  ofs?: number;
  /** Skip counting all entries (faster). */
  without_count?: boolean;
}

/** Ledgers `result`: ledger entries keyed by ledger id, and how many match in total. */
export interface LedgersResult {
  ledger: Record<string, LedgerEntry>;
  count?: number;
}

/** `POST /0/private/Ledgers`: a history call (configurable history cost). */
export const Ledgers = defineEndpoint<LedgersParams, LedgersResult>({
  name: 'Ledgers',
  access: 'private',
  permissions: [PERMISSIONS.ledger_query],
  rate: { kind: 'rest', cost: 'history' },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('Ledgers', params, [
      'asset',
      'aclass',
      'type',
      'start',
      'end',
      'ofs',
      'without_count',
    ]);
    w.optional('asset', commaList(toAsset, { max: 200 }));
    w.optional('aclass', oneOf(['currency', 'tokenized_asset']));
    w.optional('type', oneOf(LEDGER_TYPES));
    w.optional('start', toTimeOrId);
    w.optional('end', toTimeOrId);
    w.optional('ofs', toNonNegativeInt);
    w.optional('without_count', toBool);
    return w.done();
  },
});
