/**
 * `@krakenkit/guard` — the pre-trade risk guard. `createGuard(...).check(intent)` decides, synchronously and with no
 * I/O, whether an order, amend, cancel or withdrawal may leave the process, listing every rule it would break;
 * `guardClient(client, guard)` is the only door to the exchange for a guarded bot.
 *
 * This root entry is what a bot calls: the guard, its config and decisions, intents, state events and snapshots,
 * the guarded REST client and `GuardRejectedError`. A guard refuses orders until it has been seeded with the
 * account's open orders and positions (fail closed). Three subpaths hold the rest:
 *
 * - `@krakenkit/guard/ws` — `guardWsClient`, the same door for the WebSocket v2 client's trading methods;
 * - `@krakenkit/guard/shared` — `createSharedGuard`, one guard for several processes on one account, its state a
 *   journal in a state store;
 * - `@krakenkit/guard/audit` — the audit trail's event type and a JSONL file writer for `guard.onAudit()`.
 *
 * A rule of your own goes in front of the guarded client and refuses the same way the guard does: throw
 * `GuardRejectedError` with `Violation`s (see examples/custom-guard-rule.ts in the repository). Anything not
 * exported by one of these entries may change freely.
 *
 * @module @krakenkit/guard
 */

// Tables, pairs and order vocabulary are @krakenkit/core's; these types are re-exported for guard configs.
export type {
  AllowanceTableInput,
  AssetPairRaw,
  AssetPairsRaw,
  CurrencyAllowanceInput,
  PairStatus,
  TierInput,
  TierTableInput,
} from '@krakenkit/core';
export { type GuardClientOptions, type GuardedClient, guardClient } from './client/guard-client.js';
export { GuardRejectedError } from './client/guard-rejected-error.js';
export type { GuardableClient, GuardedTrading } from './client/guardable-client.js';
export type { ReservingGuard } from './client/reserving-guard.js';
export { type ConfigurableCodes, DEFAULT_CONFIGURABLE_CODES, GUARD_CODES, KRAKEN_CODES } from './codes.js';
export { type LoadOptions, loadGuardConfig } from './config/load.js';
export type { GuardConfig } from './config/schema.js';
export type { Adjustments, Decision, RuleName, Violation } from './decision.js';
export {
  type CheckOptions,
  createGuard,
  type Guard,
  type GuardOptions,
  type PairTouch,
  type Reservation,
} from './guard.js';
export type { GuardSeed, PastWithdrawal } from './guard-seed.js';
export {
  type AmendIntent,
  type CancelIntent,
  type GuardIntent,
  type OrderIntent,
  type OrderType,
  oppositeSide,
  type Side,
  type WithdrawIntent,
  type WithdrawingKey,
} from './intent.js';
export type { PairOverride } from './pairs/pair-override.js';
export type { GuardEvent } from './state/events.js';
export type { ExchangeSnapshot, OpenOrderRaw, OpenPositionRaw } from './state/exchange-raw.js';
export type { ReconcileOptions, ReconcileReport } from './state/reconcile.js';
export type { SeedReport } from './state/seed.js';
export type {
  GuardSnapshot,
  OrderView,
  PairSnapshot,
  PnlSnapshot,
  PoolSnapshot,
  PositionView,
  ScopePnlSnapshot,
} from './state/snapshot.js';
export { isTradingState, TRADING_STATES, type TradingState } from './state/trading-state.js';
