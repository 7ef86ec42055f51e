import { WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** CancelAll takes no parameters. */
export type CancelAllParams = Record<string, never>;

/** CancelAll `result`: how many orders were cancelled. */
export interface CancelAllResult {
  count: number;
  pending?: boolean;
}

/** `POST /0/private/CancelAll`: cancel every open order. */
export const CancelAll = defineEndpoint<CancelAllParams, CancelAllResult>({
  name: 'CancelAll',
  access: 'private',
  permissions: [PERMISSIONS.trades_close],
  rate: { kind: 'trading', action: 'cancel-all' },
  encoding: 'form',
  idempotent: false,
  toWire(params) {
    return new WireBuilder('CancelAll', params, []).done();
  },
});
