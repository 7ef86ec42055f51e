import { dirname, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '@krakenkit/core';
import { issuesFromZod, type Locator, parseYamlSource, withPlace } from '@krakenkit/core/config';
import { MAX_CONFIG_BYTES, readBoundedFile } from '@krakenkit/core/files';
import type { z } from 'zod';
import {
  allowanceTableSchema,
  type GuardConfig,
  guardConfigSchema,
  guardFileSchema,
  tierTableSchema,
} from './schema.js';

/** Where loadGuardConfig reads from: a file path, or YAML text (then `file` names it in errors). */
export interface LoadOptions {
  /** Name for errors when given text; base directory for `allowancesFile`/`tiersFile` is its directory. */
  file?: string;
}

/**
 * Reads guard rules from a YAML file (a path ending in .yaml/.yml) or YAML text, validates them and returns the
 * config for `createGuard`. Every problem is collected (syntax, unknown keys, wrong types, money written as a
 * number, the referenced table files' own errors), each with file:line:column, the field and what was expected,
 * and thrown together as one ConfigError. Every file is read only when it is a regular file of at most
 * MAX_CONFIG_BYTES (a FIFO would block the event loop, /dev/zero would never end).
 */
export function loadGuardConfig(yamlPathOrText: string, options: LoadOptions = {}): GuardConfig {
  const isPath = !yamlPathOrText.includes('\n') && /\.ya?ml$/i.test(yamlPathOrText.trim());
  const file = isPath ? yamlPathOrText.trim() : options.file;
  const text = isPath ? readMainFile(yamlPathOrText.trim()) : yamlPathOrText;
  const baseDir = file === undefined ? process.cwd() : dirname(resolve(file));
  const main = validate(text, file, guardFileSchema);
  const issues = [...main.issues];
  if (main.data === undefined) throw new ConfigError(issues);
  const { allowancesFile, tiersFile, ...config } = main.data;
  const loaded: GuardConfig = { ...config } as GuardConfig;
  const naming: NamingFile = { baseDir, file, locate: main.locate };
  const tableText =
    allowancesFile === undefined
      ? undefined
      : readNamedFile('allowancesFile', allowancesFile, naming, issues);
  if (allowancesFile !== undefined && tableText !== undefined) {
    const table = validate(tableText, allowancesFile, allowanceTableSchema);
    issues.push(...table.issues);
    if (table.data !== undefined) loaded.allowanceTable = table.data;
  }
  const tiersText =
    tiersFile === undefined ? undefined : readNamedFile('tiersFile', tiersFile, naming, issues);
  if (tiersFile !== undefined && tiersText !== undefined) {
    const tiers = validate(tiersText, tiersFile, tierTableSchema);
    issues.push(...tiers.issues);
    if (tiers.data !== undefined) loaded.tierTable = tiers.data;
  }
  if (issues.length > 0) throw new ConfigError(issues);
  // Same schema createGuard applies: the result is exactly what it accepts.
  guardConfigSchema.parse(loaded);
  return loaded;
}

function validate<S extends z.ZodType>(text: string, file: string | undefined, schema: S) {
  const source = parseYamlSource(text, file);
  const { locate } = source;
  if (source.issues.length > 0) return { issues: source.issues, data: undefined, locate };
  const parsed = schema.safeParse(source.value ?? {}, { reportInput: true });
  if (parsed.success) return { issues: [] as ConfigIssue[], data: parsed.data as z.output<S>, locate };
  return { issues: issuesFromZod(parsed.error.issues, file, locate), data: undefined, locate };
}

/** The guard file itself: one that cannot be read is the whole error. */
function readMainFile(path: string): string {
  try {
    return readBoundedFile(path, MAX_CONFIG_BYTES).toString('utf8');
  } catch (error) {
    throw new ConfigError([{ path: '', file: path, message: `cannot read: ${(error as Error).message}` }], {
      cause: error,
    });
  }
}

/** The guard file that names a table file: where its path is relative to, and where to report it. */
interface NamingFile {
  baseDir: string;
  file: string | undefined;
  locate: Locator;
}

/** A table file the guard file names: one that cannot be read is an issue at the field that names it. */
function readNamedFile(
  field: 'allowancesFile' | 'tiersFile',
  path: string,
  naming: NamingFile,
  issues: ConfigIssue[],
): string | undefined {
  try {
    return readBoundedFile(resolve(naming.baseDir, path), MAX_CONFIG_BYTES).toString('utf8');
  } catch (error) {
    const issue = { path: field, message: `cannot read ${path}: ${(error as Error).message}` };
    issues.push(withPlace(issue, naming.file, naming.locate([field])));
    return undefined;
  }
}
