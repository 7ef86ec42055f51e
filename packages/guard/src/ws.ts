/**
 * `@krakenkit/guard/ws` — the guard in front of the WebSocket v2 client's trading methods (`createWsClient()` from
 * `@krakenkit/client/ws`): `guardWsClient(ws, guard)` checks and reserves every add, amend and batch before it is
 * sent, releases what a refused or failed call reserved, and feeds executions back into the guard's state. Also
 * the helpers it is built from, for code that drives a guard from its own WebSocket session: the intent of a WS
 * order or amend, and the guard events of an execution report.
 *
 * @module @krakenkit/guard/ws
 */

export {
  type GuardableWsClient,
  type GuardedWsTrading,
  guardEventsOf,
  guardWsClient,
  wsAmendIntentOf,
  wsOrderIntentOf,
} from './client/guard-ws-client.js';
