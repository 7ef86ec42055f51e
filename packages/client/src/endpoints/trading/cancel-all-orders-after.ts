import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import { intInRange } from '../validate/basic-fields.js';
import { WireBuilder } from '../validate/wire-builder.js';

/**
 * Upper bound (exclusive) of the dead man's switch timeout. docs/kraken/rest-endpoints.md quotes "should be < 86400 s" from a
 * third-party SDK comment; a larger value is refused locally.
 */
export const DEAD_MAN_TIMEOUT_LIMIT_SECONDS = 86_400;

export interface CancelAllOrdersAfterParams {
  /** Seconds until every order is cancelled unless the call is repeated; 0 disables the switch. */
  timeout: number;
}

export interface CancelAllOrdersAfterResult {
  currentTime: string;
  triggerTime: string;
}

/**
 * `POST /0/private/CancelAllOrdersAfter`: the dead man's switch. Call every 15–30 s with a timeout of ~60 s.
 * The docs text names both order permissions; the endpoint table lists it under "Cancel & close orders",
 * which is what is checked here.
 */
export const CancelAllOrdersAfter = defineEndpoint<CancelAllOrdersAfterParams, CancelAllOrdersAfterResult>({
  name: 'CancelAllOrdersAfter',
  access: 'private',
  permissions: [PERMISSIONS.trades_close],
  rate: { kind: 'trading', action: 'dead-man' },
  encoding: 'form',
  idempotent: false,
  toWire(params) {
    const w = new WireBuilder('CancelAllOrdersAfter', params, ['timeout']);
    w.required('timeout', intInRange(0, DEAD_MAN_TIMEOUT_LIMIT_SECONDS - 1));
    return w.done();
  },
});
