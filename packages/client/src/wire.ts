/**
 * `@krakenkit/client/wire` — Kraken's wire format, for code that speaks it directly: a guard that validates
 * params exactly as the client will, a proxy, a recorder, a benchmark. The endpoint registry (`endpoints`: one
 * descriptor per REST endpoint with its path, access, permissions, rate class, encoding and strict `toWire`; each
 * descriptor is also exported by its Kraken method name, `AddOrder`, `Balance`…), the body encoders (form, JSON,
 * query; the private body with its nonce), a reusable request signer, Kraken's response envelope and the
 * classification of its error strings, and the WebSocket v2 frame parser, which keeps every number as its exact
 * decimal text.
 *
 * Applications do not need this entry: `createClient()` does all of this for each call.
 *
 * @module @krakenkit/client/wire
 */

// Request bodies and signing
export {
  type BodyWithNonce,
  encodeForm,
  encodeJson,
  encodePrivateBody,
  encodeQuery,
  preparePrivateBody,
  type WireParams,
} from './encoding.js';
// Endpoint descriptors
export {
  defineEndpoint,
  type EndpointDescriptor,
  type ParamsOf,
  type RateClass,
  type ResultOf,
  type TradingAction,
} from './endpoints/define.js';
export {
  AddOrder,
  AddOrderBatch,
  AmendOrder,
  AssetPairs,
  Assets,
  Balance,
  BalanceEx,
  CancelAll,
  CancelAllOrdersAfter,
  CancelOrder,
  CancelOrderBatch,
  ClosedOrders,
  DepositMethods,
  Depth,
  EditOrder,
  type Endpoints,
  endpoints,
  GetWebSocketsToken,
  Ledgers,
  OHLC,
  OpenOrders,
  OpenPositions,
  QueryLedgers,
  QueryOrders,
  QueryTrades,
  Spread,
  SystemStatus,
  Ticker,
  Time,
  TradeBalance,
  Trades,
  TradesHistory,
  TradeVolume,
  Withdraw,
  WithdrawInfo,
  WithdrawStatus,
} from './endpoints/index.js';
export { type ValidatedParams, validateParams } from './endpoints/validated-params.js';
// Responses: the envelope and Kraken's error strings
export { type ParsedEnvelope, parseEnvelope } from './envelope.js';
export {
  classifyKrakenError,
  type KrakenErrorClass,
  normalizeKrakenCode,
  throttledUntilMs,
} from './errors/classify.js';
export { createSigner, type RequestSigner } from './signing.js';
// WebSocket v2 frames
export { LosslessJsonError, parseLosslessJson } from './ws/lossless-json.js';
export { parseFrame } from './ws/parse-frame.js';
