import { oneOf, toAsset, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link DepositMethods}. */
export interface DepositMethodsParams {
  asset: string;
  aclass?: 'currency' | 'tokenized_asset';
}

/** One way to deposit an asset; limits and fees as decimal text (`limit` false = no limit). */
export interface DepositMethod {
  method: string;
  limit: string | false;
  fee?: string;
  'address-setup-fee'?: string;
  'gen-address'?: boolean;
  minimum?: string;
}

/** DepositMethods `result`: the methods available for depositing the asset. */
export type DepositMethodsResult = DepositMethod[];

/** `POST /0/private/DepositMethods`. Needs "Funds permissions - Deposit" (docs/kraken/api-keys.md table). */
export const DepositMethods = defineEndpoint<DepositMethodsParams, DepositMethodsResult>({
  name: 'DepositMethods',
  access: 'private',
  permissions: [PERMISSIONS.funds_add],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('DepositMethods', params, ['asset', 'aclass']);
    w.required('asset', toAsset);
    w.optional('aclass', oneOf(['currency', 'tokenized_asset']));
    return w.done();
  },
});
