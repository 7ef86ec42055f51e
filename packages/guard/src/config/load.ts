import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '@krakenkit/core';
import { issuesFromZod, parseYamlSource } from '@krakenkit/core/config';
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
 * and thrown together as one ConfigError.
 */
export function loadGuardConfig(yamlPathOrText: string, options: LoadOptions = {}): GuardConfig {
  const isPath = !yamlPathOrText.includes('\n') && /\.ya?ml$/i.test(yamlPathOrText.trim());
  const file = isPath ? yamlPathOrText.trim() : options.file;
  const text = isPath ? readText(yamlPathOrText.trim()) : yamlPathOrText;
  const baseDir = file === undefined ? process.cwd() : dirname(resolve(file));
  const main = validate(text, file, guardFileSchema);
  const issues = [...main.issues];
  if (main.data === undefined) throw new ConfigError(issues);
  const { allowancesFile, tiersFile, ...config } = main.data;
  const loaded: GuardConfig = { ...config } as GuardConfig;
  const tableText =
    allowancesFile === undefined ? undefined : readText(resolve(baseDir, allowancesFile), issues);
  if (allowancesFile !== undefined && tableText !== undefined) {
    const table = validate(tableText, allowancesFile, allowanceTableSchema);
    issues.push(...table.issues);
    if (table.data !== undefined) loaded.allowanceTable = table.data;
  }
  const tiersText = tiersFile === undefined ? undefined : readText(resolve(baseDir, tiersFile), issues);
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
  if (source.issues.length > 0) return { issues: source.issues, data: undefined };
  const parsed = schema.safeParse(source.value ?? {}, { reportInput: true });
  if (parsed.success) return { issues: [] as ConfigIssue[], data: parsed.data as z.output<S> };
  return { issues: issuesFromZod(parsed.error.issues, file, source.locate), data: undefined };
}

function readText(path: string): string;
function readText(path: string, issues: ConfigIssue[]): string | undefined;
function readText(path: string, issues?: ConfigIssue[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const issue: ConfigIssue = { path: '', file: path, message: `cannot read: ${(error as Error).message}` };
    if (issues === undefined) throw new ConfigError([issue], { cause: error });
    issues.push(issue);
    return undefined;
  }
}
