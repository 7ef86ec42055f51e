/**
 * `@krakenkit/runner/cli` — the `krakenkit` command line as a library: `runCli(argv, io)` runs one command
 * (`run`, `validate`, `mock`, `keys audit`, `guard check`) and resolves with its exit code (`EXIT`), reading and
 * writing only through `io` (`processIo()` is the real process; tests pass their own). Also the text renderers
 * the commands print with: the live status view and line, the end-of-run summary, one line per session event,
 * and the key audit report.
 *
 * The installed `krakenkit` executable is this entry with `processIo()`. To run bots from code, use the root
 * entry, `@krakenkit/runner`.
 *
 * @module @krakenkit/runner/cli
 */

export { renderBacktest } from '../backtest/report-text.js';
export { renderAudit } from '../keys/audit-keys.js';
export { describeEvent, describeOrder } from '../status/event-text.js';
export { renderStatus, statusLine } from '../status/status-view.js';
export { renderSummary } from '../status/summary.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export { type CliIo, type CliStream, type InterruptSignal, processIo } from './io.js';
export { runCli } from './run-cli.js';
