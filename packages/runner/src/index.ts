/**
 * @krakenkit/runner — the `krakenkit` CLI and bot lifecycle: YAML bot configs validated with file:line:column
 * errors, strategies behind a small synchronous interface, paper trading on the embedded mock exchange (or live
 * on Kraken) with every order through the pre-trade guard, a live status view, a dead man's switch, a JSONL audit
 * trail and an end-of-run summary. Everything public is exported here.
 */

// CLI
export { EXIT, type ExitCode } from './cli/exit-codes.js';
export { type CliIo, type CliStream, type InterruptSignal, processIo } from './cli/io.js';
export { runCli } from './cli/run-cli.js';
// Config
export { type Environment, mintPaperKeys, resolveKeys } from './config/credentials.js';
export { formatDuration, parseDuration } from './config/duration.js';
export type { CredentialRef } from './config/fields.js';
export { type KeyDeclarations, loadKeyDeclarations } from './config/key-declarations.js';
export {
  type BotConfig,
  type BotSpec,
  type ConfigSource,
  defineBotConfig,
  issueAt,
  type LoadOptions,
  loadBotConfig,
} from './config/load.js';
export {
  type AccountConfig,
  type BotFileInput,
  botFileSchema,
  DEFAULT_HALT_ON,
  type ExchangeConfig,
  KEY_USES,
  type KeyConfig,
  keysFileSchema,
  type RunConfig,
} from './config/schema.js';
// Sessions
export type { BotCounters } from './engine/bot-runner.js';
export { type BotClient, type Connection, DEFAULT_PAPER_BALANCES, openConnection } from './engine/connect.js';
export { type FeeProgress, feeProgress } from './engine/fee-tier.js';
export { Session, type SessionOptions, startSession } from './engine/session.js';
export type { SessionEvent, SessionListener, StopReason } from './engine/session-events.js';
export type { BotStatus, SessionStatus, SessionSummary } from './engine/session-status.js';
// Keys
export {
  auditDeclaredKeys,
  auditsPassed,
  type KeyAuditReport,
  type KeyUsage,
  keyUsage,
  RUNNER_ENDPOINTS,
  renderAudit,
} from './keys/audit-keys.js';
// Status output
export { describeEvent, describeOrder } from './status/event-text.js';
export { renderStatus, statusLine } from './status/status-view.js';
export { renderSummary } from './status/summary.js';
// Strategies
export { type DcaParams, DcaStrategy, dcaParamsSchema, dcaStrategy } from './strategies/dca.js';
export { type GridParams, GridStrategy, gridParamsSchema, gridStrategy } from './strategies/grid.js';
export {
  type MarginTrendParams,
  MarginTrendStrategy,
  marginTrendParamsSchema,
  marginTrendStrategy,
} from './strategies/margin-trend.js';
export { BUILTIN_STRATEGIES, type StrategyRegistry, withBuiltins } from './strategies/registry.js';
export { changeBps, lotDecimalsOf, shiftBps, tickOf, toLot, toTick } from './strategies/rounding.js';
export type {
  Fill,
  MarketTick,
  OrderEnded,
  OrderRequest,
  PairInfo,
  ParamsSchema,
  Side,
  Strategy,
  StrategyAction,
  StrategyDefinition,
  StrategySetup,
  StrategyView,
  TrackedOrder,
} from './strategies/types.js';
