import { once } from 'node:events';
import { dirname } from 'node:path';
import { createLogger } from '@krakenkit/client';
import type { StateStore } from '@krakenkit/core/store';
import { parseDuration } from '../../config/duration.js';
import { boundsText, isWithin, SHUTDOWN_TIMEOUT } from '../../config/duration-bounds.js';
import { type BotConfig, loadBotConfigFile } from '../../config/load.js';
import { makeStateDirectoryPrivate, openPrivateLog } from '../../dashboard/private-files.js';
import { haltingCode } from '../../engine/halting.js';
import type { Session } from '../../engine/session.js';
import type { StopReason } from '../../engine/session-events.js';
import { startSession } from '../../engine/start-session.js';
import { auditDeclaredKeys, auditsPassed, keyUsage, renderAudit } from '../../keys/audit-keys.js';
import { BotAlreadyRunningError } from '../../state/bot-already-running.js';
import { openStateStore } from '../../state/open-store.js';
import { describeStoreSpec } from '../../state/store-spec.js';
import { describeEvent } from '../../status/event-text.js';
import { clock } from '../../status/format.js';
import { renderSummary } from '../../status/summary.js';
import {
  onePositional,
  outputPath,
  type ParsedCommand,
  parseCommand,
  stringFlag,
  UsageError,
} from '../common.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';
import type { CliIo, InterruptSignal } from '../io.js';
import { liveView, plainStatus } from '../live-view.js';
import { prepareOutputPath } from '../output-path.js';
import { storeFlag, storeSpecOf } from '../store-option.js';
import { portFlag, serveUi } from './dashboard.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

const EXIT_BY_REASON: Readonly<Record<StopReason, number>> = {
  duration: EXIT.ok,
  stopped: EXIT.ok,
  SIGINT: EXIT.interrupted,
  SIGTERM: EXIT.terminated,
  halted: EXIT.halted,
  failed: EXIT.failure,
};

/** The exit code `run` ends with when a session stopped for `reason`. */
export function exitCodeFor(reason: StopReason): number {
  return EXIT_BY_REASON[reason];
}

/** `krakenkit run <bot.yaml>`: see HELP.run. */
export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('run', args, {
    duration: { type: 'string' },
    'shutdown-timeout': { type: 'string' },
    status: { type: 'string' },
    'audit-log': { type: 'string' },
    'log-file': { type: 'string' },
    'log-level': { type: 'string' },
    store: { type: 'string' },
    'cancel-orphans': { type: 'boolean' },
    live: { type: 'boolean' },
    ui: { type: 'boolean' },
    'ui-port': { type: 'string' },
  });
  if (parsed.values['help'] === true) {
    io.stdout.write(`${HELP.run}\n`);
    return EXIT.ok;
  }
  const file = onePositional('run', parsed.positionals, 'the bot config file');
  const flags = runFlags(parsed);
  const loaded = loadBotConfigFile(file, { cwd: io.cwd });
  const config =
    flags.shutdownTimeoutMs === undefined
      ? loaded
      : { ...loaded, run: { ...loaded.run, shutdownTimeout: flags.shutdownTimeoutMs } };
  if (config.exchange.kind === 'kraken' && parsed.values['live'] !== true)
    throw new UsageError('exchange kind kraken trades real money: add --live to confirm', 'run');
  // --live says "trade real money": on a paper config that is a mistake to point out, not to run past.
  if (config.exchange.kind === 'mock' && parsed.values['live'] === true)
    throw new UsageError(
      '--live: the config trades on the embedded mock exchange (exchange.kind: mock), on paper; set exchange.kind: kraken to trade live, or drop --live',
      'run',
    );
  const reports = auditDeclaredKeys(config.keys, keyUsage(config.bots, config.run.deadManSwitch !== false));
  if (!auditsPassed(reports.filter((report) => report.usedBy.length > 0))) {
    io.stderr.write(`start-up key audit failed; nothing was started:\n${renderAudit(reports).join('\n')}\n`);
    return EXIT.refused;
  }
  // From here on a Ctrl-C is a graceful stop, start-up included (before this, nothing has been opened).
  const interrupts = watchInterrupts(io);
  try {
    return await openAndRun(io, config, flags, interrupts);
  } finally {
    interrupts.unsubscribe();
  }
}

async function openAndRun(io: CliIo, config: BotConfig, flags: RunFlags, interrupts: Interrupts) {
  const logFile = outputPath(io, config, flags.logFile, config.run.logFile, '.log');
  prepareOutputPath(logFile, flags.logFile === undefined ? 'run.logFile' : '--log-file', 'run');
  const auditLog = outputPath(io, config, flags.auditLog, config.run.auditLog, '-audit.jsonl');
  prepareOutputPath(auditLog, flags.auditLog === undefined ? 'run.auditLog' : '--audit-log', 'run');
  // The log holds order flow and key names: only the user may read it (whatever the umask or its old mode).
  const destination = await openPrivateLog(logFile);
  const logger = createLogger({
    level: flags.logLevel ?? config.run.logLevel,
    destination,
    base: { config: config.name },
  });
  const spec = storeSpecOf(io, config, flags.store);
  const store = await openStateStore(spec);
  try {
    const shared = { store, shown: describeStoreSpec(spec) };
    return await runSession(io, config, flags, { logger, logFile, auditLog, store: shared, interrupts });
  } finally {
    await store.close().catch(() => undefined);
    // end() flushes what is buffered, then closes the file.
    const closed = once(destination, 'close');
    destination.end();
    await closed;
  }
}

interface RunFlags {
  durationMs: number | undefined;
  /** `--shutdown-timeout`: overrides run.shutdownTimeout. */
  shutdownTimeoutMs: number | undefined;
  status: 'auto' | 'tty' | 'plain' | undefined;
  auditLog: string | undefined;
  logFile: string | undefined;
  logLevel: LogLevel | undefined;
  store: string | undefined;
  cancelOrphans: boolean;
  /** `--ui`: the dashboard's port (0: any free one). */
  uiPort: number | undefined;
}

function runFlags(parsed: ParsedCommand): RunFlags {
  const text = (name: string) => stringFlag(parsed, name);
  const duration = text('duration');
  const durationMs = duration === undefined ? undefined : parseDuration(duration);
  // 0s would still run one cycle (and place its orders) before stopping.
  if (duration !== undefined && (durationMs === undefined || durationMs <= 0))
    throw new UsageError(`--duration: expected e.g. 20s, 5m, 500ms; got ${JSON.stringify(duration)}`, 'run');
  const shutdownTimeoutMs = shutdownTimeoutOf(text('shutdown-timeout'));
  const status = text('status');
  if (status !== undefined && !['auto', 'tty', 'plain'].includes(status))
    throw new UsageError(`--status: expected auto, tty or plain; got ${JSON.stringify(status)}`, 'run');
  const store = storeFlag(parsed, 'run');
  const level = text('log-level');
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level))
    throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}`, 'run');
  return {
    durationMs,
    shutdownTimeoutMs,
    status: status as RunFlags['status'],
    auditLog: text('audit-log'),
    logFile: text('log-file'),
    logLevel: level as LogLevel | undefined,
    store,
    cancelOrphans: parsed.values['cancel-orphans'] === true,
    uiPort: uiPortOf(parsed),
  };
}

// The same bounds, through the same check, as run.shutdownTimeout in the bot file.
function shutdownTimeoutOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined || !isWithin(ms, SHUTDOWN_TIMEOUT))
    throw new UsageError(
      `--shutdown-timeout: expected a duration ${boundsText(SHUTDOWN_TIMEOUT)}, e.g. 10s, 1m; got ${JSON.stringify(text)}`,
      'run',
    );
  return ms;
}

function uiPortOf(parsed: ParsedCommand): number | undefined {
  const port = stringFlag(parsed, 'ui-port');
  if (port !== undefined && parsed.values['ui'] !== true) throw new UsageError('--ui-port needs --ui', 'run');
  return parsed.values['ui'] === true ? portFlag(port, '--ui-port', 'run') : undefined;
}

interface RunOutputs {
  logger: ReturnType<typeof createLogger>;
  logFile: string;
  /** The guard's audit trail, its path checked writable before start-up. */
  auditLog: string;
  /** The run's state store, and how it is shown (never with a password). */
  store: { store: StateStore; shown: string };
  interrupts: Interrupts;
}

/** The run's Ctrl-C / SIGTERM: the first one received, as an abort signal whose reason is the signal's name. */
interface Interrupts {
  readonly signal: InterruptSignal | undefined;
  /** Aborted by the first Ctrl-C / SIGTERM; the session stops on it, start-up first finished if under way. */
  readonly abort: AbortSignal;
  /** True while start-up runs (a signal then says it waits for start-up to finish). */
  starting: boolean;
  unsubscribe(): void;
}

// A signal during start-up cannot stop a session that does not exist yet: start-up finishes (its leases and the
// switch in a known state), then the session stops gracefully before its bots place anything.
function watchInterrupts(io: CliIo): Interrupts {
  const controller = new AbortController();
  let first: InterruptSignal | undefined;
  const interrupts: Interrupts = {
    get signal() {
      return first;
    },
    abort: controller.signal,
    starting: false,
    unsubscribe: io.onInterrupt((signal) => {
      if (first !== undefined) return;
      first = signal;
      if (interrupts.starting)
        io.stderr.write(`krakenkit run: ${signal} received: stopping once start-up is done\n`);
      controller.abort(signal);
    }),
  };
  return interrupts;
}

async function runSession(io: CliIo, config: BotConfig, flags: RunFlags, outputs: RunOutputs) {
  const { logger, logFile, auditLog, store, interrupts } = outputs;
  if (interrupts.signal !== undefined) {
    io.stderr.write(`krakenkit run: ${interrupts.signal} received before start-up: nothing was started\n`);
    return exitCodeFor(interrupts.signal);
  }
  const mode = flags.status ?? config.run.status;
  const tty = mode === 'tty' || (mode === 'auto' && io.stdout.isTTY === true);
  // The guard's writer makes the trail itself 0600; a `.krakenkit/` it goes to is tightened here.
  makeStateDirectoryPrivate(dirname(auditLog));
  const title = config.name;
  let session: Session;
  interrupts.starting = true;
  try {
    session = await startSession(config, {
      env: io.env,
      logger,
      auditLog,
      store: store.store,
      cancelOrphans: flags.cancelOrphans || config.run.cancelOrphans,
      signal: interrupts.abort,
      onWarning: (message) => io.stderr.write(`krakenkit: warning: ${message}\n`),
      ...(flags.durationMs === undefined ? {} : { durationMs: flags.durationMs }),
      ...(tty ? {} : { onEvent: (event) => io.stdout.write(`${clock(event.at)} ${describeEvent(event)}\n`) }),
    });
  } catch (error) {
    if (error instanceof BotAlreadyRunningError) {
      io.stderr.write(`krakenkit run: ${error.message}\n`);
      return EXIT.alreadyRunning;
    }
    // A key refused at start-up (revoked, expired, wrong secret) is the same condition as one refused later.
    const code = haltingCode(error, config.run.haltOn);
    if (code === undefined) throw error;
    io.stderr.write(
      `krakenkit run: the exchange refused the key at start-up (${code}); nothing was started\n`,
    );
    return EXIT.halted;
  } finally {
    interrupts.starting = false;
  }
  const ui =
    flags.uiPort === undefined
      ? undefined
      : await serveUi(io, { config, session, store }, flags.uiPort, logger);
  const stopView = tty ? liveView(io, session, title, ui?.address) : plainStatus(io, session);
  try {
    const summary = await session.finished;
    stopView();
    io.stdout.write(renderSummary(summary, title, tty ? io.stdout.columns : undefined));
    io.stdout.write(`log: ${logFile}\n`);
    return exitCodeFor(summary.reason);
  } finally {
    stopView();
    await ui?.close();
  }
}
