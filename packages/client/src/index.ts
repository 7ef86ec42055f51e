/**
 * `@krakenkit/client` — a signed Kraken REST client: `createClient(options)` gives one method per endpoint
 * (`client.addOrder(params)`, `client.balance()`), with exact HMAC-SHA512 signing, monotonic nonces that arrive in
 * order, Kraken's rate limits modelled exactly, strict params, typed results and errors, and least-privilege API keys.
 *
 * This root entry is what an application calls: the client and its options, every endpoint's params and result
 * types, the errors to catch, key permissions and their audit, `signRequest`, and the logger. The rest sits behind
 * documented subpaths, each for a narrower audience:
 *
 * - `@krakenkit/client/ws` — the WebSocket v2 client (`createWsClient`), verified order books, WS trading;
 * - `@krakenkit/client/rate-limit` — the limiter, Kraken's tier limits and trading-cost tables;
 * - `@krakenkit/client/transport` — the `Transport` interface, the undici Pool and fetch transports, retries;
 * - `@krakenkit/client/nonce` — nonce sources (clock, persisted floor) for `ClientOptions.nonce`;
 * - `@krakenkit/client/wire` — the wire format: endpoint descriptors, body encoders, the envelope, frame parsing.
 *
 * Anything not exported by one of these entries may change freely.
 *
 * @module @krakenkit/client
 */

// Money and tier vocabulary (@krakenkit/core's, re-exported for the types of params and options)
export type { DecimalInput, TierName } from '@krakenkit/core';
// The client
export type { CallOptions, ClientOptions, ClientStoreOptions, Timers } from './client/options.js';
export { isAmbiguous, type Reconciled } from './client/reconcile-order.js';
export { DEFAULT_USER_AGENT, VERSION } from './client/version.js';
export {
  createClient,
  type EndpointMethod,
  type EndpointMethods,
  type KrakenClient,
  type KrakenClientCore,
} from './client.js';
// Endpoints: the params and result of every client method, and the limits Kraken puts on them
export {
  type AddOrderBatchParams,
  type AddOrderBatchResult,
  type AddOrderParams,
  type AddOrderResult,
  type AmendOrderParams,
  type AmendOrderResult,
  type AssetInfo,
  type AssetPairInfo,
  type AssetPairsParams,
  type AssetPairsResult,
  type AssetsParams,
  type AssetsResult,
  BATCH_ORDERS_MAX,
  BATCH_ORDERS_MIN,
  type BalanceExParams,
  type BalanceExResult,
  type BalanceParams,
  type BalanceResult,
  CANCEL_BATCH_MAX,
  type CancelAllOrdersAfterParams,
  type CancelAllOrdersAfterResult,
  type CancelAllParams,
  type CancelAllResult,
  type CancelOrderBatchParams,
  type CancelOrderBatchResult,
  type CancelOrderParams,
  type CancelOrderResult,
  CLOSE_ORDER_TYPES,
  type ClosedOrderInfo,
  type ClosedOrdersParams,
  type ClosedOrdersResult,
  type CloseOrderType,
  DEAD_MAN_TIMEOUT_LIMIT_SECONDS,
  type DepositMethod,
  type DepositMethodsParams,
  type DepositMethodsResult,
  type DepthLevel,
  type DepthParams,
  type DepthResult,
  type EditOrderParams,
  type EditOrderResult,
  type EndpointName,
  type ExtendedBalance,
  type FeeTier,
  type GetWebSocketsTokenParams,
  type GetWebSocketsTokenResult,
  isOhlcInterval,
  LEDGER_TYPES,
  type LedgerEntry,
  type LedgersParams,
  type LedgersResult,
  OHLC_INTERVALS,
  type OHLCParams,
  type OHLCResult,
  type OhlcCandle,
  type OhlcInterval,
  type OpenOrdersParams,
  type OpenOrdersResult,
  type OpenPositionsParams,
  type OpenPositionsResult,
  ORDER_FIELD_NAMES,
  ORDER_FLAGS,
  ORDER_SIDES,
  ORDER_TYPES,
  type OrderCloseParams,
  type OrderDescription,
  type OrderFields,
  type OrderFlag,
  type OrderInfo,
  type OrderSide,
  type OrderStatus,
  type OrderType,
  type PairFeeInfo,
  type PairStatus,
  type PositionInfo,
  PRICE_TRIGGERS,
  type PriceInput,
  type PriceTrigger,
  type PublicTrade,
  QUERY_LEDGERS_MAX,
  QUERY_ORDERS_MAX,
  QUERY_TRADES_MAX,
  type QueryLedgersParams,
  type QueryLedgersResult,
  type QueryOrdersParams,
  type QueryOrdersResult,
  type QueryTradesParams,
  type QueryTradesResult,
  SELF_TRADE_PREVENTION,
  type SelfTradePrevention,
  type SpreadEntry,
  type SpreadParams,
  type SpreadResult,
  type SystemStatusParams,
  type SystemStatusResult,
  TIME_IN_FORCE,
  type TickerInfo,
  type TickerParams,
  type TickerResult,
  type TimeInForce,
  type TimeParams,
  type TimeResult,
  TRADE_HISTORY_TYPES,
  type TradeBalanceParams,
  type TradeBalanceResult,
  type TradeInfo,
  type TradesHistoryParams,
  type TradesHistoryResult,
  type TradesParams,
  type TradesResult,
  type TradeVolumeParams,
  type TradeVolumeResult,
  type WithdrawalStatus,
  type WithdrawInfoParams,
  type WithdrawInfoResult,
  type WithdrawParams,
  type WithdrawResult,
  type WithdrawStatusParams,
  type WithdrawStatusResult,
} from './endpoints/index.js';
export { ResponseShapeError } from './endpoints/validate/response-fields.js';
// Errors: the base, ValidationError and ConfigError are @krakenkit/core's (one class each across the packages)
export {
  type CallOutcome,
  ConfigError,
  type ConfigIssue,
  type ErrorCategory,
  formatIssue,
  KRAKENKIT_CODES,
  KrakenError,
  type KrakenkitCode,
  KrakenkitError,
  type KrakenkitErrorOptions,
  OrderNotPlacedError,
  PermissionError,
  RateLimitError,
  TransportError,
  UnknownOrderOutcomeError,
  ValidationError,
} from './errors/index.js';
// Keys: declared permissions and the least-privilege audit
export type { ApiKeyConfig } from './keys/api-key.js';
export {
  type AuditedKey,
  type AuditFinding,
  auditKey,
  auditPassed,
  type IntendedUse,
  type KeyUse,
} from './keys/audit.js';
export { USE_PROFILES, type UseProfile } from './keys/audit-profiles.js';
export {
  allowsAny,
  lookupPermission,
  normalizePermission,
  normalizePermissions,
  permissionFlag,
} from './keys/normalize.js';
export { ALL_PERMISSIONS, PERMISSIONS, type Permission, type PermissionFlag } from './keys/permissions.js';
// Logging
export { createLogger, type LoggerOptions, REDACT_PATHS, REDACTED, silentLogger } from './logger.js';
export { OpenOrdersLimitError } from './rate-limit/open-orders-error.js';
// Signing
export { signRequest } from './signing.js';
