import { oneOf, toAsset, toName, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link WithdrawStatus}. */
export interface WithdrawStatusParams {
  asset?: string;
  method?: string;
  aclass?: 'currency' | 'tokenized_asset';
}

/** One recent withdrawal (docs/kraken/rest-endpoints.md Funding). */
export interface WithdrawalStatus {
  method: string;
  aclass: string;
  asset: string;
  refid: string;
  txid: string;
  info: string;
  amount: string;
  fee: string;
  time: number;
  status: 'Initial' | 'Pending' | 'Settled' | 'Success' | 'Failure';
  'status-prop'?: 'cancel-pending' | 'canceled' | 'cancel-denied' | 'return' | 'onhold';
  key?: string;
}

/** WithdrawStatus `result`: recent withdrawals and their status. */
export type WithdrawStatusResult = WithdrawalStatus[];

/**
 * `POST /0/private/WithdrawStatus`. Listed under "Withdraw Funds" in Kraken's permission table
 * (docs/kraken/api-keys.md).
 */
export const WithdrawStatus = defineEndpoint<WithdrawStatusParams, WithdrawStatusResult>({
  name: 'WithdrawStatus',
  access: 'private',
  permissions: [PERMISSIONS.funds_withdraw],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('WithdrawStatus', params, ['asset', 'method', 'aclass']);
    w.optional('asset', toAsset);
    w.optional('method', toName(64));
    w.optional('aclass', oneOf(['currency', 'tokenized_asset']));
    return w.done();
  },
});
