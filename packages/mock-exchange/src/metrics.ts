/**
 * `@krakenkit/mock-exchange/metrics` — what a mock exchange saw, for tests and soaks: `watchExchange(exchange)`
 * counts per API key every Kraken error the exchange answered (`EAPI:Invalid nonce`, `EAPI:Rate limit
 * exceeded`, …), follows each key's REST counter (the share of its budget that was used over a window), the
 * faults injected, each account's margin pool usage at every change against the allowance (or a limit you give),
 * and lists every order with its cl_ord_id and userref, duplicate cl_ord_ids and identical orders open at once.
 *
 * A separate process reads the same figures from a loopback server started with
 * `startMockExchange({ admin: { token } })`: `GET /__mock/report?from=<ms>&to=<ms>`, `/__mock/orders`,
 * `/__mock/series`, with `Authorization: Bearer <token>`.
 *
 * @module @krakenkit/mock-exchange/metrics
 */

export {
  ExchangeMetrics,
  type ExchangeMetricsOptions,
  type MetricsReport,
  type MetricsSeries,
  type MetricsWindow,
  watchExchange,
} from './observe/exchange-metrics.js';
export type { OrderAudit, OrderRecord } from './observe/order-audit.js';
export type { PoolReport } from './observe/pool-watch.js';
export type { FaultReport, KeyReport } from './observe/request-tally.js';
export type { RestUsage } from './observe/rest-series.js';
