import type { EndpointName } from '../endpoints/index.js';

/**
 * What a key is for. Each use names the calls a bot of that kind makes: `required` ones it cannot work without
 * (a missing permission is an error), `optional` ones it may make (a missing permission is only noted).
 * - `read-only`: dashboards, tax and accounting tools: balances, orders, positions, history.
 * - `trading`: places and cancels orders over REST, and reconciles unknown outcomes with Open/ClosedOrders.
 * - `market-making`: trading plus amend, batches and the authenticated WebSocket.
 * - `withdrawal`: a treasury key that moves funds to allow-listed withdrawal keys, and never trades.
 */
export type IntendedUse = 'read-only' | 'trading' | 'market-making' | 'withdrawal';

/** The calls a key of one intended use needs (`required`) and may make (`optional`). */
export interface UseProfile {
  required: readonly EndpointName[];
  optional: readonly EndpointName[];
}

const ACCOUNT_READS: readonly EndpointName[] = [
  'balanceEx',
  'tradeBalance',
  'queryOrders',
  'tradesHistory',
  'queryTrades',
  'openPositions',
  'ledgers',
  'queryLedgers',
  'tradeVolume',
];

const TRADING_REQUIRED: readonly EndpointName[] = [
  'balance',
  'openOrders',
  // The client reconciles an AddOrder with an unknown outcome through ClosedOrders as well as OpenOrders.
  'closedOrders',
  'addOrder',
  'cancelOrder',
  'cancelAll',
  'cancelAllOrdersAfter',
];

/** The calls each intended use of a key needs and may make, as `auditKey` checks them. */
export const USE_PROFILES: Readonly<Record<IntendedUse, UseProfile>> = {
  'read-only': {
    required: ['balance', 'openOrders', 'openPositions'],
    optional: [...ACCOUNT_READS, 'closedOrders', 'getWebSocketsToken'],
  },
  trading: {
    required: TRADING_REQUIRED,
    optional: [
      ...ACCOUNT_READS,
      'amendOrder',
      'editOrder',
      'addOrderBatch',
      'cancelOrderBatch',
      'getWebSocketsToken',
    ],
  },
  'market-making': {
    required: [...TRADING_REQUIRED, 'amendOrder', 'addOrderBatch', 'cancelOrderBatch', 'getWebSocketsToken'],
    optional: [...ACCOUNT_READS, 'editOrder'],
  },
  withdrawal: {
    required: ['balance', 'withdrawInfo', 'withdraw', 'withdrawStatus'],
    optional: ['ledgers', 'queryLedgers'],
  },
};
