/**
 * Kraken WebSocket v2 client: verified local order books, private executions and balances, trading methods.
 * Start with `createWsClient(options)`; see WsClient.
 */
export { type BackoffOptions, backoffDelay } from './backoff.js';
export type { BookState, ResyncBudget } from './book-sync.js';
export { createWsClient, WsClient } from './client.js';
export {
  KRAKEN_WS_AUTH_URL,
  KRAKEN_WS_URL,
  type WsClientOptions,
  type WsRateLimiting,
} from './client-options.js';
export { BookUnavailableError, WsBufferOverflowError, WsProtocolError } from './errors.js';
export type { ResyncReason, WsEndpoint, WsEventMap } from './events.js';
export { LosslessJsonError, parseLosslessJson } from './lossless-json.js';
export type {
  BalanceSnapshot,
  BalancesMessage,
  BalanceUpdate,
  BookData,
  BookMessage,
  ChannelMessage,
  ChannelName,
  ExecutionReport,
  ExecutionsMessage,
  HeartbeatMessage,
  InstrumentAsset,
  InstrumentData,
  InstrumentMessage,
  InstrumentPair,
  MethodResponse,
  OhlcMessage,
  ParsedFrame,
  PushType,
  StatusMessage,
  TickerMessage,
  TradeMessage,
  WsCandle,
  WsSystemStatus,
  WsTicker,
  WsTrade,
} from './messages.js';
export {
  BOOK_DEPTHS,
  type BookDepth,
  type BookLevel,
  type BookPrecision,
  BookPrecisionError,
  bookChecksum,
  bookChecksumInput,
  CHECKSUM_LEVELS,
  LocalOrderBook,
} from './order-book.js';
export { parseFrame } from './parse-frame.js';
export { restPairOfWsSymbol } from './rate-tickets.js';
export type { OverflowPolicy } from './stream.js';
export {
  type BalancesSubscribeRequest,
  type BookEvent,
  type BookSubscribeRequest,
  type BookView,
  DEFAULT_BUFFERS,
  type EventOf,
  type ExecutionsSubscribeRequest,
  type InstrumentSubscribeRequest,
  type OhlcEvent,
  type OhlcSubscribeRequest,
  type SubscribeOptions,
  type SubscribeRequest,
  type Subscription,
  type SymbolEvent,
  type TickerEvent,
  type TickerSubscribeRequest,
  type TradeEvent,
  type TradeSubscribeRequest,
} from './subscription-types.js';
export type { WsCallOptions } from './trading.js';
export {
  WS_ORDER_TYPES,
  WS_PRICE_TYPES,
  type WsAddOrderParams,
  type WsAmendOrderParams,
  type WsBatchAddParams,
  type WsBatchCancelParams,
  type WsCancelAfterParams,
  type WsCancelOrderParams,
  type WsConditional,
  type WsOrderFields,
  type WsOrderType,
  type WsPriceType,
  type WsTriggers,
} from './trading-params.js';
export type {
  WsAddOrderResult,
  WsAmendOrderResult,
  WsCancelAfterResult,
  WsCancelledOrder,
  WsCancelOrderResult,
  WsCountResult,
} from './trading-results.js';
