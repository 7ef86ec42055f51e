import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { MockConfigError } from './config-error.js';

/** The files the exchange reads: Kraken's tables (shipped in @krakenkit/core) and its own markets and accounts. */
export const CONFIG_FILES = [
  'margin-allowances.yaml',
  'tiers.yaml',
  'fees.yaml',
  'mock-exchange.yaml',
] as const;
/** One of the files the exchange reads. */
export type ConfigFile = (typeof CONFIG_FILES)[number];

const MARKER: ConfigFile = 'mock-exchange.yaml';

/**
 * Finds a user's config directory: `explicit` (the `configDir` option), else the `KRAKENKIT_CONFIG_DIR`
 * environment variable (either must be a directory), else the nearest `config/` above this package or the working
 * directory that holds a mock-exchange.yaml. Undefined when there is none: the shipped defaults are used then.
 */
export function findConfigDir(explicit?: string): string | undefined {
  const candidates = [explicit, process.env['KRAKENKIT_CONFIG_DIR']].filter(
    (dir): dir is string => typeof dir === 'string' && dir.length > 0,
  );
  for (const dir of candidates) {
    if (isDirectory(dir)) return resolve(dir);
    throw new MockConfigError(dir, 'no such config directory');
  }
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = start;
    for (;;) {
      const candidate = join(dir, 'config');
      if (existsSync(join(candidate, MARKER))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/**
 * Where `file` is read from: the config directory's own copy when it holds one (a user's table overrides the
 * shipped one), else the shipped file. Kraken's tables are @krakenkit/core's data files, read as files: the mock
 * never imports the guard's floor of code (docs/decisions/0006), only the data every implementation shares.
 */
export function configFilePath(file: ConfigFile, dir: string | undefined): string {
  if (dir !== undefined) {
    const own = join(dir, file);
    if (existsSync(own)) return own;
  }
  return shippedFilePath(file);
}

/** The shipped copy of `file`: the exchange's own data/ folder, or @krakenkit/core's for Kraken's tables. */
export function shippedFilePath(file: ConfigFile): string {
  // src/config/ and dist/config/ are both two levels below the package root, beside data/.
  if (file === 'mock-exchange.yaml') return fileURLToPath(new URL(`../../data/${file}`, import.meta.url));
  return createRequire(import.meta.url).resolve(`@krakenkit/core/data/${file}`);
}

const cache = new Map<string, unknown>();

/** Parses a YAML file once per process (the data is read-only after parsing). */
export function readYamlFile(path: string): unknown {
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new MockConfigError(path, `cannot read YAML: ${(error as Error).message}`);
  }
  cache.set(path, parsed);
  return parsed;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
