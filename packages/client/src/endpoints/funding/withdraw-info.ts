import { PERMISSIONS } from '../../keys/permissions.js';
import { type DecimalInput, toWireDecimal } from '../../money.js';
import { defineEndpoint } from '../define.js';
import { toAsset, toName } from '../validate/basic-fields.js';
import { WireBuilder } from '../validate/wire-builder.js';

export interface WithdrawInfoParams {
  asset: string;
  /** The withdrawal key NAME set up on the account (an allow-listed address label, not an address). */
  key: string;
  amount: DecimalInput;
}

export interface WithdrawInfoResult {
  method: string;
  limit: string;
  amount: string;
  fee: string;
}

/**
 * `POST /0/private/WithdrawInfo`: what a withdrawal would cost; moves nothing. The docs/kraken/api-keys.md table puts it
 * under "Withdraw Funds" (another line says Query Funds, UNCONFIRMED); the table is followed here.
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
