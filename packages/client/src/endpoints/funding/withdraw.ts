import { type DecimalInput, toWireDecimal } from '@krakenkit/core';
import { oneOf, toAsset, toName, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link Withdraw}: asset, withdrawal key name and amount. */
export interface WithdrawParams {
  asset: string;
  /** The withdrawal key NAME set up on the account; Kraken never withdraws to a raw address. */
  key: string;
  /** Amount including fees (legacy docs). */
  amount: DecimalInput;
  /** Must match the key's address if given (else Kraken refuses). */
  address?: string;
  /** Refuse if the fee charged would be higher (`EFunding:Max fee exceeded`). */
  max_fee?: DecimalInput;
  aclass?: 'currency' | 'tokenized_asset';
}

/** Withdraw `result`. */
export interface WithdrawResult {
  /** Reference id of the withdrawal. */
  refid: string;
}

/** `POST /0/private/Withdraw`: moves funds off the exchange. Never retried. */
export const Withdraw = defineEndpoint<WithdrawParams, WithdrawResult>({
  name: 'Withdraw',
  access: 'private',
  permissions: [PERMISSIONS.funds_withdraw],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: false,
  // Without its reference id an "accepted" withdrawal is indistinguishable from one that never happened.
  resultNeeds: (result) =>
    typeof result === 'object' &&
    result !== null &&
    typeof (result as { refid?: unknown }).refid === 'string' &&
    (result as { refid: string }).refid !== ''
      ? undefined
      : 'it has no refid',
  toWire(params) {
    const w = new WireBuilder('Withdraw', params, ['asset', 'key', 'amount', 'address', 'max_fee', 'aclass']);
    w.required('asset', toAsset);
    w.required('key', toName(64));
    w.required('amount', (f, v) => toWireDecimal(f, v));
    w.optional('address', toName(256));
    w.optional('max_fee', (f, v) => toWireDecimal(f, v, { allowZero: true }));
    w.optional('aclass', oneOf(['currency', 'tokenized_asset']));
    return w.done();
  },
});
