import { WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** Balance takes no parameters. */
export type BalanceParams = Record<string, never>;

/**
 * Cash balances net of pending withdrawals, decimal text keyed by asset (`XXBT`, `ZUSD`, and read-only
 * suffixed variants such as `USDT.F`, `DOT.S`).
 */
export type BalanceResult = Record<string, string>;

/** `POST /0/private/Balance`. */
export const Balance = defineEndpoint<BalanceParams, BalanceResult>({
  name: 'Balance',
  access: 'private',
  permissions: [PERMISSIONS.funds_query],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    return new WireBuilder('Balance', params, []).done();
  },
});
