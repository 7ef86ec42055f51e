/**
 * `@krakenkit/runner` — bots as a library: a bot config (`defineBotConfig` in code, or `loadBotConfig` from YAML
 * with file:line:column errors), strategies behind a small synchronous interface (DCA, grid and margin-trend
 * built in), and `startSession(config)`, which runs them in paper mode on the embedded mock exchange or live on
 * Kraken, every order through the pre-trade guard, with a dead man's switch, a JSONL audit trail, session events
 * and an end-of-run summary. With a state store (`@krakenkit/store`) a session survives its process: each bot's
 * orders and state are recorded, a restart adopts them, and one process runs a bot name per key (leases). Also
 * the key audit of a config's declared API keys. Strategies read candles and indicators (`view.candles`), and
 * `runBacktest` runs a config over recorded history (Kraken's OHLCVT CSV files, or `recordFeed` recordings of the
 * WebSocket feed) through the same guard and exchange rules.
 *
 * The `krakenkit` command line is at `@krakenkit/runner/cli` (`runCli`, its IO and exit codes, and the text
 * renderers it prints with). Anything not exported by one of the two entries may change freely.
 *
 * @module @krakenkit/runner
 */

// Backtests
export { BacktestDataError } from './backtest/data/data-error.js';
export { type DataFlags, loadMarketData } from './backtest/data/load-data.js';
export type { CandleClose, MarketEvent, MarketSource, PricePoint } from './backtest/data/market-source.js';
export { BacktestSetupError } from './backtest/errors.js';
export { renderBacktestHtml } from './backtest/report-html.js';
export { backtestReport } from './backtest/report-json.js';
export type { BacktestResult, BookResult, BotResult, PairChart } from './backtest/result.js';
export { type BacktestOptions, runBacktest } from './backtest/run-backtest.js';
// Candles and indicators
export { type Candle, type CandleFields, candleOf } from './candles/candle.js';
export {
  CandleBook,
  type CandleNeeds,
  CandlesUnavailableError,
  DEFAULT_CANDLE_KEEP,
} from './candles/candle-book.js';
export { CandleSeries, type CandleView } from './candles/candle-series.js';
export { type BandsValue, IndicatorParamsError, type MacdValue } from './candles/indicators.js';
export { CANDLE_INTERVALS, type CandleInterval } from './candles/intervals.js';
export { candlesOf, withCandles } from './candles/with-candles.js';
// Config
export type { Environment } from './config/credentials.js';
export { formatDuration, parseDuration } from './config/duration.js';
export type { CredentialRef } from './config/fields.js';
export { RUNNER_GUARD_DEFAULTS } from './config/guard-rules.js';
export {
  type BotConfig,
  type BotSpec,
  type ConfigSource,
  defineBotConfig,
  type LoadOptions,
  loadBotConfig,
} from './config/load.js';
export {
  type AccountConfig,
  type BotFileInput,
  DEFAULT_HALT_ON,
  type ExchangeConfig,
  KEY_USES,
  type KeyConfig,
  type RunConfig,
} from './config/schema.js';
export {
  ALLOW_INSECURE_SECRET_FILES_ENV,
  type InsecureSecretFile,
  InsecureSecretFileError,
} from './config/secret-file.js';
// Sessions
export type { BotCounters } from './engine/bot-runner.js';
export { type BotClient, type Connection, DEFAULT_PAPER_BALANCES } from './engine/connect.js';
export type { FeeProgress } from './engine/fee-tier.js';
export { Session, type SessionOptions } from './engine/session.js';
export type { SessionEvent, SessionListener, StopReason } from './engine/session-events.js';
export type { BotStatus, SessionStatus, SessionSummary } from './engine/session-status.js';
export { startSession } from './engine/start-session.js';
export { type UnprotectedPosition, UnprotectedPositionError } from './engine/unprotected-position.js';
// Keys
export {
  auditDeclaredKeys,
  auditsPassed,
  type KeyAuditReport,
  type KeyUsage,
  keyUsage,
  RUNNER_ENDPOINTS,
} from './keys/audit-keys.js';
// Market data (WebSocket v2 first, REST while the socket is down or a subscription is refused)
export type { MarketDataStatus, RefusedSubscription } from './market/market-status.js';
// Recordings of the WebSocket feed (what `krakenkit record` writes)
export { type RecordOptions, type RecordSummary, recordFeed } from './record/recorder.js';
export type { RecordingHeader } from './record/recording-format.js';
// State
export { BotAlreadyRunningError } from './state/bot-already-running.js';
// Strategies
export { type DcaParams, DcaStrategy, dcaParamsSchema, dcaStrategy } from './strategies/dca.js';
export {
  type EmaCrossParams,
  EmaCrossStrategy,
  emaCrossParamsSchema,
  emaCrossStrategy,
} from './strategies/ema-cross.js';
export { type GridParams, GridStrategy, gridParamsSchema, gridStrategy } from './strategies/grid.js';
export {
  type MarginTrendParams,
  MarginTrendStrategy,
  marginTrendParamsSchema,
  marginTrendStrategy,
} from './strategies/margin-trend.js';
export { isProtectionTag, withProtection } from './strategies/protection.js';
export { BUILTIN_STRATEGIES, type StrategyRegistry, withBuiltins } from './strategies/registry.js';
export { changeBps, lotDecimalsOf, shiftBps, tickOf, toLot, toTick } from './strategies/rounding.js';
export type {
  Adoption,
  DepthLevel,
  Fill,
  MarketDepth,
  MarketTick,
  OrderEnded,
  OrderRequest,
  PairInfo,
  PairProblem,
  ParamsSchema,
  Protection,
  ProtectionOffset,
  Side,
  Strategy,
  StrategyAction,
  StrategyDefinition,
  StrategyOrderType,
  StrategySetup,
  StrategyView,
  TrackedOrder,
} from './strategies/types.js';
