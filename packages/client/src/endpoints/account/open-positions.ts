import { commaList, oneOf, toBool, toId, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link OpenPositions}. */
export interface OpenPositionsParams {
  /** Only these position txids. */
  txid?: readonly string[] | string;
  /** Include `value` and `net` (unrealised P&L). */
  docalcs?: boolean;
  /** `market`: one aggregate per pair (then the result is an array; shape unconfirmed). */
  consolidation?: 'market';
}

/** One open margin position, decimal text kept as sent. */
export interface PositionInfo {
  ordertxid: string;
  posstatus: string;
  pair: string;
  time: number;
  type: 'buy' | 'sell';
  ordertype: string;
  cost: string;
  fee: string;
  vol: string;
  vol_closed: string;
  /** Initial margin, quote currency. */
  margin: string;
  value?: string;
  net?: string;
  /** e.g. `0.0100% per 4 hours`. */
  terms: string;
  rollovertm: string;
  misc: string;
  oflags: string;
}

/** OpenPositions `result`: open margin positions keyed by position txid. */
export type OpenPositionsResult = Record<string, PositionInfo>;

/** `POST /0/private/OpenPositions`. */
export const OpenPositions = defineEndpoint<OpenPositionsParams, OpenPositionsResult>({
  name: 'OpenPositions',
  access: 'private',
  permissions: [PERMISSIONS.trades_query_open],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('OpenPositions', params, ['txid', 'docalcs', 'consolidation']);
    w.optional('txid', commaList(toId, { max: 200 }));
    w.optional('docalcs', toBool);
    w.optional('consolidation', oneOf(['market']));
    return w.done();
  },
});
