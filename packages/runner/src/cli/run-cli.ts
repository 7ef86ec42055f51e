import { ConfigError, KrakenkitError, VERSION } from '@krakenkit/client';
import { nameForMessage } from '@krakenkit/core/config';
import { describeError } from '../engine/halting.js';
import { backtestCommand } from './commands/backtest.js';
import { dashboardCommand } from './commands/dashboard.js';
import { guardCheckCommand } from './commands/guard-check.js';
import { keysAuditCommand } from './commands/keys-audit.js';
import { mockCommand } from './commands/mock.js';
import { recordCommand } from './commands/record.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { printConfigError, UsageError } from './common.js';
import { EXIT } from './exit-codes.js';
import { HELP } from './help.js';
import { type CliIo, processIo } from './io.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  run: runCommand,
  validate: validateCommand,
  mock: mockCommand,
  keys: subcommand('keys', { audit: keysAuditCommand }, HELP.keysAudit),
  guard: subcommand('guard', { check: guardCheckCommand }, HELP.guardCheck),
  backtest: backtestCommand,
  record: recordCommand,
  dashboard: dashboardCommand,
};

/**
 * The `krakenkit` CLI as a function: runs one command and resolves with its exit code (see EXIT). Tests call it
 * in-process with their own io; src/cli.ts calls it with the real process.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      (name === undefined ? io.stderr : io.stdout).write(`${HELP.main}\n`);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '-v' || name === '--version') {
      io.stdout.write(`krakenkit ${VERSION}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS[name];
    if (command === undefined) throw new UsageError(`unknown command ${nameForMessage(name)}`, '');
    return await command(args, io);
  } catch (error) {
    return reportFailure(io, error);
  }
}

function reportFailure(io: CliIo, error: unknown): number {
  if (error instanceof ConfigError) {
    printConfigError(io, error);
    return EXIT.usage;
  }
  if (error instanceof UsageError) {
    const command = error.command === '' ? '' : ` ${error.command}`;
    io.stderr.write(`krakenkit${command}: ${error.message}\nRun "krakenkit${command} --help" for usage.\n`);
    return EXIT.usage;
  }
  const { code, message } = describeError(error);
  io.stderr.write(`krakenkit: ${code}: ${message}\n`);
  // A config problem found only when it is used (an insecure credential file): nothing was started.
  return error instanceof KrakenkitError && error.category === 'config' ? EXIT.usage : EXIT.failure;
}

function subcommand(name: string, commands: Readonly<Record<string, Command>>, help: string): Command {
  return async (args, io) => {
    const [sub, ...rest] = args;
    if (sub === '-h' || sub === '--help') {
      io.stdout.write(`${help}\n`);
      return EXIT.ok;
    }
    const command = sub === undefined ? undefined : commands[sub];
    if (command === undefined) {
      const known = Object.keys(commands).join(', ');
      throw new UsageError(
        `${sub === undefined ? 'missing' : `unknown`} subcommand${sub === undefined ? '' : ` ${nameForMessage(sub)}`} (known: ${known})`,
        name,
      );
    }
    return command(rest, io);
  };
}
