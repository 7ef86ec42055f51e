import { WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** BalanceEx takes no parameters. */
export type BalanceExParams = Record<string, never>;

/** Per asset: total balance, amount held by open orders, and margin credit (decimal text). */
export interface ExtendedBalance {
  balance: string;
  hold_trade: string;
  credit?: string;
  credit_used?: string;
}

/** BalanceEx `result`: extended balance (with the part held by open orders) keyed by asset. */
export type BalanceExResult = Record<string, ExtendedBalance>;

/** `POST /0/private/BalanceEx`: balances with the part held by open orders. */
export const BalanceEx = defineEndpoint<BalanceExParams, BalanceExResult>({
  name: 'BalanceEx',
  access: 'private',
  permissions: [PERMISSIONS.funds_query],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    return new WireBuilder('BalanceEx', params, []).done();
  },
});
