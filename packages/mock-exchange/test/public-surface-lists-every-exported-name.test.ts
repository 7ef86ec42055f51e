/**
 * The public surface of @krakenkit/mock-exchange.
 *
 * Every entry the package.json exports, and every name each entry exports (values as the imported module holds
 * them, types as TypeScript sees them), written out so that a change to the public API (a name added, removed or
 * moved to another entry) is a visible diff of this file in review.
 */
import * as root from '@krakenkit/mock-exchange';
import * as metrics from '@krakenkit/mock-exchange/metrics';
import * as msw from '@krakenkit/mock-exchange/msw';
import * as services from '@krakenkit/mock-exchange/services';
import { type EntrySurface, publicSurface } from '@krakenkit/test-support/public-surface';
import { describe, expect, it } from 'vitest';

const MODULES = {
  '@krakenkit/mock-exchange': root,
  '@krakenkit/mock-exchange/metrics': metrics,
  '@krakenkit/mock-exchange/msw': msw,
  '@krakenkit/mock-exchange/services': services,
};

describe('the public surface of @krakenkit/mock-exchange', () => {
  it('is exactly the entries and names listed here', () => {
    expect(publicSurface(new URL('..', import.meta.url), MODULES)).toEqual(EXPECTED);
  });
});

const EXPECTED: Record<string, EntrySurface> = {
  '@krakenkit/mock-exchange': {
    values: [
      'DEFAULT_ERROR_STRINGS',
      'DEFAULT_SETTINGS',
      'KRAKEN_ERRORS',
      'KrakenRejection',
      'ManualClock',
      'MockConfigError',
      'MockExchange',
      'MockRequestNotSentError',
      'MockTransportError',
      'MockWsServer',
      'PERMISSION_LABELS',
      'WsFaults',
      'attachMockWsServer',
      'computeApiSign',
      'createMockExchange',
      'mockTransport',
      'readAllowanceTable',
      'startMockExchange',
      'systemClock',
      'verifyApiSign',
      'wsBookChecksum',
    ],
    types: [
      'Account',
      'AccountConfig',
      'AdminOptions',
      'AllowanceTable',
      'ApiKeyConfig',
      'AssetConfig',
      'BookLevel',
      'BookSnapshot',
      'Clock',
      'ErrorStrings',
      'ExchangeContext',
      'ExchangeEvents',
      'ExchangeSettings',
      'FaultKind',
      'FaultRule',
      'LedgerEntry',
      'LedgerEvent',
      'MarketEvent',
      'MockExchangeOptions',
      'MockRequest',
      'MockResponse',
      'MockTransport',
      'MockTransportOptions',
      'MockWsOptions',
      'Order',
      'OrderEvent',
      'OrderEventKind',
      'OrderStatus',
      'OrderType',
      'PairConfig',
      'PairStatus',
      'PermissionFlag',
      'Position',
      'PositionEvent',
      'RequestEvent',
      'RunningMockExchange',
      'Side',
      'StartMockExchangeOptions',
      'SystemStatus',
      'TierName',
      'TradeRecord',
      'WithdrawalKeyConfig',
      'WithdrawalRecord',
      'WsFaultChannel',
      'WsTokenGrant',
    ],
  },
  '@krakenkit/mock-exchange/metrics': {
    values: ['ExchangeMetrics', 'watchExchange'],
    types: [
      'ExchangeMetricsOptions',
      'FaultReport',
      'KeyReport',
      'MetricsReport',
      'MetricsSeries',
      'MetricsWindow',
      'OrderAudit',
      'OrderRecord',
      'PoolReport',
      'RestUsage',
    ],
  },
  '@krakenkit/mock-exchange/msw': {
    values: ['krakenHandlers'],
    types: ['KrakenHandlersOptions'],
  },
  '@krakenkit/mock-exchange/services': {
    values: [
      'accountUsage',
      'amendOrder',
      'cancelAll',
      'cancelByReference',
      'cancelOrders',
      'describeOrder',
      'editOrder',
      'exchangeUsage',
      'findOpenOrders',
      'holds',
      'orderView',
      'parseOrderRequest',
      'placeBatch',
      'placeOrder',
      'positionView',
      'setDeadMansSwitch',
      'tradeView',
      'tradingCounter',
    ],
    types: [
      'AmendRequest',
      'BatchItemResult',
      'CloseSpec',
      'EditRequest',
      'OrderRequest',
      'PlaceResult',
      'PriceSpec',
    ],
  },
};
