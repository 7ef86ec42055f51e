import { isAbsolute, relative, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type ConfigError, formatIssue } from '@krakenkit/client';
import { nameForMessage } from '@krakenkit/core/config';
import type { BotConfig } from '../config/load.js';
import type { CliIo } from './io.js';

/** Bad command-line usage: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags: string options as strings, boolean ones as booleans. */
export interface ParsedCommand {
  values: Readonly<Record<string, string | boolean | undefined>>;
  positionals: string[];
}

/** node:util parseArgs, strict, with `--help`/`-h` added and errors as UsageError. */
export function parseCommand(command: string, args: readonly string[], options: Options): ParsedCommand {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as ParsedCommand['values'], positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
}

/** A string flag's value (undefined when absent). */
export function stringFlag(parsed: ParsedCommand, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Exactly one positional argument (the config file). */
export function onePositional(command: string, positionals: readonly string[], what: string): string {
  const [first, ...rest] = positionals;
  if (first === undefined) throw new UsageError(`missing ${what}`, command);
  if (rest.length > 0) throw new UsageError(`unexpected argument ${nameForMessage(rest[0])}`, command);
  return first;
}

/** Prints every issue of a config error, file paths relative to the working directory. */
export function printConfigError(io: CliIo, error: ConfigError): void {
  io.stderr.write(`${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} in the config:\n`);
  for (const issue of error.issues) {
    const file =
      issue.file !== undefined && isAbsolute(issue.file) ? shortPath(io.cwd, issue.file) : issue.file;
    io.stderr.write(`  ${formatIssue({ ...issue, ...(file === undefined ? {} : { file }) })}\n`);
  }
}

function shortPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  // The working directory itself is '.', never nothing.
  return rel.startsWith('..') ? path : rel === '' ? '.' : rel;
}

/**
 * Where an output file goes: the command-line value (relative to the working directory), else the config's
 * (relative to the config file), else `.krakenkit/<config name><suffix>` in the working directory.
 */
export function outputPath(
  io: CliIo,
  config: BotConfig,
  flag: string | undefined,
  configured: string | undefined,
  suffix: string,
): string {
  if (flag !== undefined) return resolve(io.cwd, flag);
  if (configured !== undefined) return resolve(config.baseDir, configured);
  return resolve(io.cwd, '.krakenkit', `${config.name}${suffix}`);
}
