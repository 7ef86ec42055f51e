import { resolve } from 'node:path';
import type { BotConfig } from '../config/load.js';
import { parseStoreSpec, type StoreSpec, storeSpecProblem } from '../state/store-spec.js';
import { type ParsedCommand, stringFlag, UsageError } from './common.js';
import type { CliIo } from './io.js';

/** `--store`'s text, checked (a bad spec is a usage error that never repeats it: it may hold a password). */
export function storeFlag(parsed: ParsedCommand, command: string): string | undefined {
  const store = stringFlag(parsed, 'store');
  const problem = store === undefined ? undefined : storeSpecProblem(store);
  if (problem !== undefined) throw new UsageError(`--store: ${problem}`, command);
  return store;
}

/**
 * The state store of `run` and `dashboard` alike, so a dashboard started where the bots run reads what they
 * write: `--store` (a directory relative to the working directory), else `run.store` (relative to the config
 * file), else the durable `.krakenkit/state/` in the working directory.
 */
export function storeSpecOf(io: CliIo, config: BotConfig, flag: string | undefined): StoreSpec {
  if (flag !== undefined) return parseStoreSpec(flag, io.cwd);
  if (config.run.store !== undefined) return parseStoreSpec(config.run.store, config.baseDir);
  return { kind: 'file', directory: resolve(io.cwd, '.krakenkit', 'state') };
}
