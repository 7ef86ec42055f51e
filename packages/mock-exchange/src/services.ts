/**
 * `@krakenkit/mock-exchange/services` — the exchange's trading and account services, for adapters other than REST
 * (the WebSocket v2 server runs on the same functions): call them with `exchange.ctx`, the token's account and
 * `now = exchange.advance()`, and map a thrown `KrakenRejection` to the protocol's error (`error.code` is Kraken's
 * exact string). REST uses the same functions, so both paths share every rule and the per-pair matching-engine
 * counter.
 *
 * @module @krakenkit/mock-exchange/services
 */

export { accountUsage, exchangeUsage } from './margin/pool-usage.js';
export { positionView } from './margin/position-view.js';
export { type AmendRequest, amendOrder } from './orders/amend.js';
export { type BatchItemResult, placeBatch } from './orders/batch.js';
export {
  cancelAll,
  cancelByReference,
  cancelOrders,
  findOpenOrders,
  setDeadMansSwitch,
} from './orders/cancellation.js';
export { describeOrder } from './orders/descr.js';
export { type EditRequest, editOrder } from './orders/edit.js';
export { holds } from './orders/funds.js';
export type { CloseSpec, OrderRequest, PriceSpec } from './orders/order-request.js';
export { parseOrderRequest } from './orders/order-request.js';
export { type PlaceResult, placeOrder } from './orders/placement.js';
export { orderView, tradeView } from './orders/views.js';
export { tradingCounter } from './rate-limit/trading-limits.js';
