import type { WsConnection } from './connection.js';
import type { WsHub, WsRequest } from './hub.js';
import { balanceRecords, openOrderRecords, recentTradeRecords } from './private-payloads.js';
import { SUBSCRIBE_ERRORS } from './public-subscriptions.js';

/**
 * subscribe / unsubscribe of `executions` and `balances`: the token from GetWebSocketsToken is required in params
 * (a bad one is refused with the configured invalid-token error), then a snapshot follows the answer: open orders
 * (`snap_orders`, default true) and the last trades (`snap_trades`), or every balance.
 */
type PrivateChannel = 'executions' | 'balances';

/** Executions subscriptions made with `ratecounter: true`: their records carry the pair's counter (`ratecount`). */
const withRateCounter = new WeakSet<WsConnection>();

/** Whether the connection's executions records carry `ratecount` (see withRateCount). */
export function wantsRateCount(connection: WsConnection): boolean {
  return withRateCounter.has(connection);
}

export function subscribePrivate(
  hub: WsHub,
  connection: WsConnection,
  request: WsRequest,
  channel: PrivateChannel,
): void {
  const { params } = request;
  const owner = hub.tokenOwner(connection, params.token);
  if (owner === undefined) {
    hub.answer(connection, request, { success: false, error: hub.options.invalidTokenError });
    return;
  }
  if (connection[channel] !== undefined) {
    hub.answer(connection, request, { success: false, error: SUBSCRIBE_ERRORS.already });
    return;
  }
  if (hub.refuseIfFull(connection, request)) return;
  const sub = { accountId: owner.account.id, token: String(params.token) };
  connection[channel] = sub;
  const now = hub.now();
  if (channel === 'executions') {
    if (params.ratecounter === true) withRateCounter.add(connection);
    else withRateCounter.delete(connection);
    const snapOrders = params.snap_orders !== false;
    const snapTrades = params.snap_trades === true;
    hub.answer(connection, request, {
      success: true,
      result: { channel, snapshot: snapOrders || snapTrades },
    });
    const data = [
      ...(snapTrades ? recentTradeRecords(hub.ctx, owner.account) : []),
      ...(snapOrders ? openOrderRecords(hub.ctx, owner.account, now, wantsRateCount(connection)) : []),
    ];
    if (snapOrders || snapTrades) {
      connection.executionsSequence += 1;
      hub.push(connection, 'executions', 'snapshot', data, { sequence: connection.executionsSequence });
    }
    return;
  }
  const snapshot = params.snapshot !== false;
  hub.answer(connection, request, { success: true, result: { channel, snapshot } });
  if (snapshot) {
    connection.balancesSequence += 1;
    hub.push(connection, 'balances', 'snapshot', balanceRecords(hub.ctx, owner.account), {
      sequence: connection.balancesSequence,
    });
  }
}

export function unsubscribePrivate(
  hub: WsHub,
  connection: WsConnection,
  request: WsRequest,
  channel: PrivateChannel,
): void {
  if (hub.tokenOwner(connection, request.params.token) === undefined) {
    hub.answer(connection, request, { success: false, error: hub.options.invalidTokenError });
    return;
  }
  if (connection[channel] === undefined) {
    hub.answer(connection, request, { success: false, error: SUBSCRIBE_ERRORS.notFound });
    return;
  }
  connection[channel] = undefined;
  if (channel === 'executions') withRateCounter.delete(connection);
  hub.answer(connection, request, { success: true, result: { channel } });
}
