import { intInRange, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/**
 * Upper bound (exclusive) of the dead man's switch timeout: "should be < 86400 s", a sentence of Kraken's WebSocket v2
 * docs known only through a third-party SDK comment (docs/kraken/rest-endpoints.md CancelAllOrdersAfter). A larger
 * value is refused locally.
 */
export const DEAD_MAN_TIMEOUT_LIMIT_SECONDS = 86_400;

/** Parameters of {@link CancelAllOrdersAfter}. */
export interface CancelAllOrdersAfterParams {
  /** Seconds until every order is cancelled unless the call is repeated; 0 disables the switch. */
  timeout: number;
}

/** CancelAllOrdersAfter `result`: the server time now and when the orders will be cancelled. */
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
