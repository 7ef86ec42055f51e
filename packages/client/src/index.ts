/**
 * @krakenkit/client — a signed Kraken REST client (and WebSocket v2 client): exact HMAC-SHA512 signing, monotonic
 * nonces that arrive in order, Kraken's rate limits modelled exactly, typed endpoints and errors, and
 * least-privilege API keys. Everything public is exported here; other modules may change freely.
 */

// Money (@krakenkit/core's one gate, re-exported for callers of the client)
export {
  type DecimalInput,
  isDecimalString,
  isTierName,
  type TierName,
  toOptionalWireDecimal,
  toWireDecimal,
  type WireDecimalOptions,
} from '@krakenkit/core';
export { isAmbiguous, type Reconciled } from './client/reconcile-order.js';
export { DEFAULT_RETRY, type RetrySettings } from './client/retry.js';
export { DEFAULT_USER_AGENT, VERSION } from './client/version.js';
// The client
export {
  type CallOptions,
  type ClientOptions,
  createClient,
  type EndpointMethod,
  type EndpointMethods,
  type KrakenClient,
  type KrakenClientCore,
  type Timers,
} from './client.js';
// Wire format
export {
  type BodyWithNonce,
  encodeForm,
  encodeJson,
  encodePrivateBody,
  encodeQuery,
  preparePrivateBody,
  type WireParams,
} from './encoding.js';
export {
  defineEndpoint,
  type EndpointDescriptor,
  type ParamsOf,
  type RateClass,
  type ResultOf,
  type TradingAction,
} from './endpoints/define.js';
// Endpoints (descriptors, params and results)
export * from './endpoints/index.js';
export { type ParsedEnvelope, parseEnvelope } from './envelope.js';
// Errors
export * from './errors/index.js';
// Keys
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
// Nonces
export * from './nonce/index.js';
// Rate limits
export {
  createRateLimiter,
  type KrakenRateLimiter,
  type RateLimiterOptions,
  type Sleep,
} from './rate-limit/limiter.js';
export { defaultPairKey } from './rate-limit/matching-engine.js';
export { OpenOrdersLimitError } from './rate-limit/open-orders-error.js';
export {
  DEFAULT_HISTORY_COST,
  KRAKEN_TIER_LIMITS,
  type RestLimits,
  resolveTierLimits,
  type TierLimitOverrides,
  type TierLimits,
  type TradingLimits,
} from './rate-limit/tiers.js';
export {
  ADD_COST,
  AGE_COLUMNS_MS,
  type AgedAction,
  agedCost,
  agedCostSteps,
  batchAddCost,
  worstCaseCost,
} from './rate-limit/trading-costs.js';
export {
  PRIORITY,
  type RateBudget,
  type RateLimiter,
  type RateLimitMode,
  type RateOutcome,
  type RateTicket,
} from './rate-limit/types.js';
// Signing
export { createSigner, type RequestSigner, signRequest } from './signing.js';
// Transports
export { createFetchTransport, type FetchTransportOptions, isConnectFailure } from './transport/fetch.js';
export {
  RequestNotSentError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport/types.js';
export { createPoolTransport, type PoolTransportOptions } from './transport/undici-pool.js';
// WebSocket v2
export * from './ws/index.js';
