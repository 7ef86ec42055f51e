/**
 * `@krakenkit/client/ws` — the Kraken WebSocket v2 client. Start with `createWsClient(options)` (see `WsClient`):
 * public channels (book, ticker, trade, ohlc, instrument) as bounded async iterators, order books verified by
 * Kraken's CRC32 checksum and resynced one symbol at a time, private executions and balances, and the trading
 * methods (add, amend, cancel, batch, cancel-after) sharing the REST client's rate limiter. Also here: the
 * events and message types, the reconnect backoff, and `LocalOrderBook` with `bookChecksum`, the verified book
 * on its own for code that reads book messages from elsewhere.
 *
 * A separate entry because it is a separate protocol: a REST-only program that imports the root entry never
 * loads the `ws` package or this code. The frame parser itself (`parseFrame`) is in `@krakenkit/client/wire`.
 *
 * @module @krakenkit/client/ws
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
export * from './validated-params.js';
