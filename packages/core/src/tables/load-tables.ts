import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { issuesFromZod } from '../config/config-issues.js';
import { parseYamlSource } from '../config/yaml-source.js';
import { ConfigError } from '../errors/config-error.js';
import { MAX_CONFIG_BYTES, readBoundedFile } from '../files/bounded-file.js';
import type { AllowanceTableInput } from './allowance-table.js';
import type { FeeScheduleInput } from './fee-schedule.js';
import { allowanceTableSchema, feeScheduleSchema, tierTableSchema } from './table-schemas.js';
import type { TierTableInput } from './tier-table.js';

/** The tables shipped in this package's data/ folder, by file name. */
export const TABLE_FILES = {
  tiers: 'tiers.yaml',
  allowances: 'margin-allowances.yaml',
  fees: 'fees.yaml',
} as const;

/** One of the shipped tables. */
export type TableName = keyof typeof TABLE_FILES;

/**
 * The path of a shipped table, resolved from this module (not the working directory), so it is found the same
 * from the repository, from dist/ and from an installed package. Other packages may read the file without
 * importing this code: it is exported as `@krakenkit/core/data/<file>`.
 */
export function shippedTablePath(name: TableName): string {
  // src/tables/ and dist/tables/ are both two levels below the package root, beside data/.
  return fileURLToPath(new URL(`../../data/${TABLE_FILES[name]}`, import.meta.url));
}

/** Kraken's verification tiers: the shipped data/tiers.yaml, or the tier table at `path`. */
export function loadTierTable(path?: string): TierTableInput {
  return load('tiers', path, tierTableSchema) as TierTableInput;
}

/** Margin allowance limits per currency: the shipped data/margin-allowances.yaml, or the table at `path`. */
export function loadAllowanceTable(path?: string): AllowanceTableInput {
  return load('allowances', path, allowanceTableSchema) as AllowanceTableInput;
}

/** The spot fee schedule by 30-day volume: the shipped data/fees.yaml, or the schedule at `path`. */
export function loadFeeSchedule(path?: string): FeeScheduleInput {
  return load('fees', path, feeScheduleSchema) as FeeScheduleInput;
}

// The shipped tables never change, so each is read and validated once per process; a user's file is read each
// time it is asked for (it may have been edited since).
const shipped = new Map<TableName, unknown>();

function load(name: TableName, userPath: string | undefined, schema: z.ZodType): unknown {
  if (userPath !== undefined) return read(userPath, schema);
  let table = shipped.get(name);
  if (table === undefined) {
    table = read(shippedTablePath(name), schema);
    shipped.set(name, table);
  }
  return table;
}

function read(path: string, schema: z.ZodType): unknown {
  let text: string;
  try {
    // A table is a few kilobytes: a FIFO or an endless device is refused, not read.
    text = readBoundedFile(path, MAX_CONFIG_BYTES).toString('utf8');
  } catch (error) {
    throw new ConfigError([{ path: '', file: path, message: `cannot read: ${(error as Error).message}` }], {
      cause: error,
    });
  }
  const source = parseYamlSource(text, path);
  if (source.issues.length > 0) throw new ConfigError(source.issues);
  const parsed = schema.safeParse(source.value ?? {}, { reportInput: true });
  if (!parsed.success) throw new ConfigError(issuesFromZod(parsed.error.issues, path, source.locate));
  return deepFreeze(parsed.data);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
