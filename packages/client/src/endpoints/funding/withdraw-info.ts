import { type DecimalInput, toWireDecimal } from '@krakenkit/core';
import { toAsset, toName, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link WithdrawInfo}: asset, withdrawal key name and amount. */
export interface WithdrawInfoParams {
  asset: string;
  /** The withdrawal key NAME set up on the account (an allow-listed address label, not an address). */
  key: string;
  amount: DecimalInput;
}

/** WithdrawInfo `result`: the method, the limit, the amount received and the fee of a withdrawal. */
export interface WithdrawInfoResult {
  method: string;
  limit: string;
  amount: string;
  fee: string;
}

/**
 * `POST /0/private/WithdrawInfo`: what a withdrawal would cost; moves nothing. Kraken's permission table
 * (docs/kraken/api-keys.md) puts it under "Withdraw Funds" (another source says Query Funds, UNCONFIRMED); the table is
 * followed here.
 */
export const WithdrawInfo = defineEndpoint<WithdrawInfoParams, WithdrawInfoResult>({
  name: 'WithdrawInfo',
  access: 'private',
  permissions: [PERMISSIONS.funds_withdraw],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('WithdrawInfo', params, ['asset', 'key', 'amount']);
    w.required('asset', toAsset);
    w.required('key', toName(64));
    w.required('amount', (f, v) => toWireDecimal(f, v));
    return w.done();
  },
});
