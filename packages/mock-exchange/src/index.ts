/**
 * `@krakenkit/mock-exchange` — a simulated Kraken that speaks Kraken's real REST and WebSocket v2 formats, verifies
 * signatures and nonces, enforces rate limits, order, margin and funding rules, and injects faults on demand.
 *
 * This root entry is what a test or a paper-trading run calls: `startMockExchange()` (a loopback HTTP and
 * WebSocket server), `createMockExchange()` (the synchronous core), `mockTransport()` (no HTTP at all), the clock,
 * accounts, faults and events. Three subpaths hold the rest:
 *
 * - `@krakenkit/mock-exchange/msw` — `krakenHandlers(exchange)`, the exchange as msw request handlers (msw is an
 *   optional peer dependency: install it to use this entry; nothing in the root entry loads it);
 * - `@krakenkit/mock-exchange/services` — the trading and account services, for adapters other than REST;
 * - `@krakenkit/mock-exchange/metrics` — `watchExchange(exchange)`: errors per key, the REST counter, faults, margin
 *   pools and orders, as a test or a soak reads them (also served over HTTP by `startMockExchange({ admin })`).
 *
 * Anything not exported by one of these entries may change freely.
 *
 * @module @krakenkit/mock-exchange
 */

export type { Account } from './accounts/account.js';
export type { LedgerEntry, TradeRecord, WithdrawalRecord } from './accounts/records.js';
export {
  type AdminOptions,
  type RunningMockExchange,
  type StartMockExchangeOptions,
  startMockExchange,
} from './adapters/server.js';
export {
  MockRequestNotSentError,
  type MockTransport,
  MockTransportError,
  type MockTransportOptions,
  mockTransport,
} from './adapters/transport.js';
export { PERMISSION_LABELS, type PermissionFlag } from './auth/permissions.js';
export { computeApiSign, verifyApiSign } from './auth/signature.js';
export type { AccountConfig, ApiKeyConfig, WithdrawalKeyConfig } from './config/accounts.js';
export { type AllowanceTable, readAllowanceTable } from './config/allowances.js';
export { MockConfigError } from './config/config-error.js';
export type { AssetConfig, PairConfig, PairStatus } from './config/markets.js';
export { DEFAULT_SETTINGS, type ExchangeSettings } from './config/settings.js';
export type { TierName } from './config/tiers.js';
export type {
  ExchangeContext,
  ExchangeEvents,
  LedgerEvent,
  MarketEvent,
  OrderEvent,
  OrderEventKind,
  PositionEvent,
  RequestEvent,
  SystemStatus,
  WsTokenGrant,
} from './context.js';
export { type Clock, ManualClock, systemClock } from './core/clock.js';
export {
  DEFAULT_ERROR_STRINGS,
  E as KRAKEN_ERRORS,
  type ErrorStrings,
  KrakenRejection,
} from './core/rejection.js';
export { createMockExchange, MockExchange } from './exchange.js';
export type { FaultKind, FaultRule } from './faults/faults.js';
export type { Position } from './margin/position.js';
export type { BookLevel, BookSnapshot } from './market/book.js';
export type { Order, OrderStatus, OrderType, Side } from './orders/order.js';
export type { MockRequest, MockResponse } from './request.js';
export type { MockExchangeOptions } from './setup.js';
export {
  attachMockWsServer,
  bookChecksum as wsBookChecksum,
  type MockWsOptions,
  MockWsServer,
  type WsFaultChannel,
  WsFaults,
} from './ws/index.js';
