import { Balance } from './account/balance.js';
import { BalanceEx } from './account/balance-ex.js';
import { ClosedOrders } from './account/closed-orders.js';
import { Ledgers } from './account/ledgers.js';
import { OpenOrders } from './account/open-orders.js';
import { OpenPositions } from './account/open-positions.js';
import { QueryLedgers } from './account/query-ledgers.js';
import { QueryOrders } from './account/query-orders.js';
import { QueryTrades } from './account/query-trades.js';
import { TradeBalance } from './account/trade-balance.js';
import { TradeVolume } from './account/trade-volume.js';
import { TradesHistory } from './account/trades-history.js';
import { DepositMethods } from './funding/deposit-methods.js';
import { Withdraw } from './funding/withdraw.js';
import { WithdrawInfo } from './funding/withdraw-info.js';
import { WithdrawStatus } from './funding/withdraw-status.js';
import { AssetPairs } from './market/asset-pairs.js';
import { Assets } from './market/assets.js';
import { Depth } from './market/depth.js';
import { OHLC } from './market/ohlc.js';
import { Spread } from './market/spread.js';
import { SystemStatus } from './market/system-status.js';
import { Ticker } from './market/ticker.js';
import { Time } from './market/time.js';
import { Trades } from './market/trades.js';
import { AddOrder } from './trading/add-order.js';
import { AddOrderBatch } from './trading/add-order-batch.js';
import { AmendOrder } from './trading/amend-order.js';
import { CancelAll } from './trading/cancel-all.js';
import { CancelAllOrdersAfter } from './trading/cancel-all-orders-after.js';
import { CancelOrder } from './trading/cancel-order.js';
import { CancelOrderBatch } from './trading/cancel-order-batch.js';
import { EditOrder } from './trading/edit-order.js';
import { GetWebSocketsToken } from './trading/get-websockets-token.js';

/**
 * Every typed Kraken REST endpoint, keyed by the client method built from it (`client.addOrder(params)`,
 * `client.balance()`). Each value is an {@link EndpointDescriptor}: name, access, permissions, rate class,
 * encoding, idempotency, and a strict `toWire`. Endpoints without required params accept `undefined`.
 */
export const endpoints = {
  // market data (public)
  time: Time,
  systemStatus: SystemStatus,
  assets: Assets,
  assetPairs: AssetPairs,
  ticker: Ticker,
  depth: Depth,
  ohlc: OHLC,
  trades: Trades,
  spread: Spread,
  // account data
  balance: Balance,
  balanceEx: BalanceEx,
  tradeBalance: TradeBalance,
  openOrders: OpenOrders,
  closedOrders: ClosedOrders,
  queryOrders: QueryOrders,
  tradesHistory: TradesHistory,
  queryTrades: QueryTrades,
  openPositions: OpenPositions,
  ledgers: Ledgers,
  queryLedgers: QueryLedgers,
  tradeVolume: TradeVolume,
  // trading
  addOrder: AddOrder,
  addOrderBatch: AddOrderBatch,
  amendOrder: AmendOrder,
  editOrder: EditOrder,
  cancelOrder: CancelOrder,
  cancelAll: CancelAll,
  cancelAllOrdersAfter: CancelAllOrdersAfter,
  cancelOrderBatch: CancelOrderBatch,
  getWebSocketsToken: GetWebSocketsToken,
  // funding
  depositMethods: DepositMethods,
  withdrawInfo: WithdrawInfo,
  withdraw: Withdraw,
  withdrawStatus: WithdrawStatus,
} as const;

/** The client method names (camelCase endpoint names). */
export type EndpointName = keyof typeof endpoints;
/** The registry's type, for building one method per entry. */
export type Endpoints = typeof endpoints;

export * from './account/balance.js';
export * from './account/balance-ex.js';
export * from './account/closed-orders.js';
export * from './account/ledgers.js';
export * from './account/open-orders.js';
export * from './account/open-positions.js';
export * from './account/order-info.js';
export * from './account/query-ledgers.js';
export * from './account/query-orders.js';
export * from './account/query-trades.js';
export * from './account/trade-balance.js';
export * from './account/trade-volume.js';
export * from './account/trades-history.js';
export * from './define.js';
export * from './funding/deposit-methods.js';
export * from './funding/withdraw.js';
export * from './funding/withdraw-info.js';
export * from './funding/withdraw-status.js';
export * from './market/asset-pairs.js';
export * from './market/assets.js';
export * from './market/depth.js';
export * from './market/ohlc.js';
export * from './market/spread.js';
export * from './market/system-status.js';
export * from './market/ticker.js';
export * from './market/time.js';
export * from './market/trades.js';
export * from './trading/add-order.js';
export * from './trading/add-order-batch.js';
export * from './trading/amend-order.js';
export * from './trading/cancel-all.js';
export * from './trading/cancel-all-orders-after.js';
export * from './trading/cancel-order.js';
export * from './trading/cancel-order-batch.js';
export * from './trading/edit-order.js';
export * from './trading/get-websockets-token.js';
export * from './trading/order-types.js';
export { ResponseShapeError } from './validate/response-fields.js';
