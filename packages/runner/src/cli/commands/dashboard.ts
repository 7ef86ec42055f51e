import { once } from 'node:events';
import { isAbsolute, relative } from 'node:path';
import { createLogger } from '@krakenkit/client';
import { type Logger, pino } from 'pino';
import { type BotConfig, loadBotConfigFile } from '../../config/load.js';
import { writeAccessFile } from '../../dashboard/access-file.js';
import { dashboardKeys } from '../../dashboard/dashboard-keys.js';
import type { DashboardSource, SharedStore } from '../../dashboard/data/source.js';
import { openPrivateLog } from '../../dashboard/private-files.js';
import { type RunningDashboard, startDashboard } from '../../dashboard/server.js';
import { DOCS } from '../../docs-url.js';
import { openConnection } from '../../engine/connect.js';
import { describeError, haltingCode } from '../../engine/halting.js';
import type { Session } from '../../engine/session.js';
import { dashboardGuardInstance } from '../../engine/session-guard.js';
import { openStateStore } from '../../state/open-store.js';
import { describeStoreSpec } from '../../state/store-spec.js';
import { onePositional, outputPath, parseCommand, stringFlag, UsageError } from '../common.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { prepareOutputPath } from '../output-path.js';
import { storeFlag, storeSpecOf } from '../store-option.js';

/** `--help` of `krakenkit dashboard`. */
export const DASHBOARD_HELP = `Usage: krakenkit dashboard <bot.yaml> [options]

Opens the exchange as \`run\` does (paper trading on the embedded mock by default) and serves the account in the
browser on 127.0.0.1 until Ctrl-C: the tier and its 24 h limits with their headroom, balances, margin pools
against their allowances, the fee tier, the declared keys and their audit, the guard's decisions, and the
controls (kill switch, cancel all, close a position, revoke a key on the mock). No bot runs: to watch and steer
running bots use \`krakenkit run <bot.yaml> --ui\`. Open the printed URL: its token works once and becomes a
cookie; without it every request gets 401. Tools use the API token in .krakenkit/<config>-dashboard-<port>.json
(mode 0600, removed at stop). See ${DOCS}/dashboard.md.

It opens the same state store \`run\` does (--store, else run.store, else .krakenkit/state/): the key's nonces
and REST budget are shared with the running bots, and the margin and guard pages show the reservations, orders
and positions of every process on the key, read from the store's shared guard. The kill switch there stops them
all. (Paper runs mint a new key each time, so two paper processes share nothing.)

Besides the bots' keys it opens every other declared key with the Withdraw permission, to read the exchange's
24 h withdrawals (WithdrawStatus); on Kraken one whose credentials are not set is left out with a warning.

Options:
  --port <n>          TCP port on 127.0.0.1 (default 0: a free one)
  --store <spec>      the state store the bots run with (overrides run.store): a directory, memory, or
                      redis://host:6379/0 (default: the durable .krakenkit/state/)
  --live              confirm exchange kind kraken (real money)
  --log-file <path>   default .krakenkit/<config name>-dashboard.log
  --log-level <l>     fatal, error, warn, info (default), debug, trace, silent`;

/** The port a flag gives: 0–65535 (0: any free one). */
export function portFlag(text: string | undefined, flag: string, command: string): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new UsageError(`${flag} must be 0–65535, got ${JSON.stringify(text)}`, command);
  return port;
}

/** `krakenkit dashboard <bot.yaml>`: see DASHBOARD_HELP. */
export async function dashboardCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('dashboard', args, {
    port: { type: 'string' },
    store: { type: 'string' },
    live: { type: 'boolean' },
    'log-file': { type: 'string' },
    'log-level': { type: 'string' },
  });
  if (parsed.values['help'] === true) {
    io.stdout.write(`${DASHBOARD_HELP}\n`);
    return EXIT.ok;
  }
  const file = onePositional('dashboard', parsed.positionals, 'the bot config file');
  const port = portFlag(stringFlag(parsed, 'port'), '--port', 'dashboard');
  const storeText = storeFlag(parsed, 'dashboard');
  const config = loadBotConfigFile(file, { cwd: io.cwd });
  if (config.exchange.kind === 'kraken' && parsed.values['live'] !== true)
    throw new UsageError('exchange kind kraken trades real money: add --live to confirm', 'dashboard');
  const logFile = outputPath(io, config, stringFlag(parsed, 'log-file'), undefined, '-dashboard.log');
  prepareOutputPath(logFile, '--log-file', 'dashboard');
  // The log holds control actions and key names: only the user may read it (whatever the umask or its old mode).
  const destination = await openPrivateLog(logFile);
  const level = stringFlag(parsed, 'log-level') ?? 'info';
  if (level !== 'silent' && !(level in pino.levels.values))
    throw new UsageError(
      `--log-level: expected one of ${Object.keys(pino.levels.values).join(', ')}, silent`,
      'dashboard',
    );
  const logger = createLogger({
    level: level as 'info',
    destination,
    base: { config: config.name, dashboard: true },
  });
  try {
    const spec = storeSpecOf(io, config, storeText);
    const store = await openStateStore(spec);
    try {
      return await serveAccount(io, config, port, logger, { store, shown: describeStoreSpec(spec) });
    } finally {
      await store.close().catch(() => undefined);
    }
  } finally {
    const closed = once(destination, 'close');
    destination.end();
    await closed;
  }
}

/** The dashboard of `run --ui`, as the run holds it. */
export interface ServedUi {
  /** The address to show on the live view's screen: the origin, with no token. */
  address: string;
  /** Stops serving and removes the access file. */
  close(): Promise<void>;
}

/**
 * `run --ui`: the dashboard over a running session. Its login link is printed once to stderr, before the live view
 * takes the screen (the view itself shows the address without any token), and written with the API token to the
 * access file. A dashboard that cannot start (the port is taken) is reported and the run goes on without it: the
 * bots are already trading.
 */
export async function serveUi(
  io: CliIo,
  run: { config: BotConfig; session: Session; store: SharedStore },
  port: number,
  logger: Logger,
): Promise<ServedUi | undefined> {
  const { config, session, store } = run;
  try {
    const source: DashboardSource = { config, connection: session.connection, session, store };
    const dashboard = await startDashboard({ source, port, logger });
    const { file, remove } = publishAccess(io, config, dashboard);
    io.stderr.write(
      `krakenkit run: dashboard on ${dashboard.url} (the link works once; API token for tools in ${file})\n`,
    );
    return {
      address: `dashboard ${dashboard.origin}/ (login link and API token in ${file})`,
      close: async () => {
        remove();
        await dashboard.close();
      },
    };
  } catch (error) {
    io.stderr.write(`krakenkit run: warning: the dashboard did not start: ${describeError(error).message}\n`);
    return undefined;
  }
}

// The access file beside the run's other outputs (.krakenkit/), named by the port: two dashboards of one config
// do not remove each other's.
function publishAccess(io: CliIo, config: BotConfig, dashboard: RunningDashboard) {
  const file = outputPath(io, config, undefined, undefined, `-dashboard-${dashboard.port}.json`);
  const remove = writeAccessFile(file, {
    url: `${dashboard.origin}/`,
    loginUrl: dashboard.url,
    apiToken: dashboard.apiToken,
    pid: process.pid,
  });
  // Shown relative to the working directory when under it: the live view's last line is narrow.
  const shown = relative(io.cwd, file);
  return { file: shown.startsWith('..') || isAbsolute(shown) ? file : shown, remove };
}

async function serveAccount(
  io: CliIo,
  config: BotConfig,
  port: number,
  logger: ReturnType<typeof createLogger>,
  store: SharedStore,
) {
  const stopped = new Promise<void>((resolve) => {
    const unsubscribe = io.onInterrupt(() => {
      unsubscribe();
      resolve();
    });
  });
  const { keys, skipped } = dashboardKeys(config, io.env);
  for (const { key, reason } of skipped)
    io.stderr.write(
      `krakenkit: warning: key ${key} may withdraw, but its credentials are not set (${reason}): the exchange's 24 h withdrawals will not be read\n`,
    );
  let connection: Awaited<ReturnType<typeof openConnection>>;
  try {
    // Through the store the bots run with: their nonces, their REST budget and their shared guard, under a name of
    // its own in the journal (it runs no bot).
    connection = await openConnection(config, {
      env: io.env,
      logger,
      keys,
      store: store.store,
      guardInstance: dashboardGuardInstance(),
      onWarning: (message) => io.stderr.write(`krakenkit: warning: ${message}\n`),
    });
  } catch (error) {
    const code = haltingCode(error, config.run.haltOn);
    if (code === undefined) throw error;
    io.stderr.write(`krakenkit dashboard: the exchange refused the key (${code})\n`);
    return EXIT.halted;
  }
  try {
    const dashboard = await startDashboard({ source: { config, connection, store }, port, logger });
    const { file, remove } = publishAccess(io, config, dashboard);
    const where =
      connection.kind === 'mock' ? 'paper account on the embedded mock exchange' : 'Kraken (live)';
    io.stdout.write(
      `dashboard of ${config.name} (${where}; state store ${store.shown}): ${dashboard.url}\n` +
        `The link works once; the API token for tools is in ${file}\nCtrl-C stops it.\n`,
    );
    await stopped;
    remove();
    await dashboard.close();
    io.stdout.write('dashboard stopped\n');
    return EXIT.ok;
  } finally {
    await connection.close();
  }
}
