import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { MockConfigError } from './config-error.js';

const MARKER = 'margin-allowances.yaml';

/**
 * Finds the repository's shared `config/` folder (margin allowances, tiers, fees, mock markets): the
 * `KRAKENKIT_CONFIG_DIR` environment variable, else the nearest `config/` above this file or the working
 * directory that holds the allowance table.
 */
export function findConfigDir(explicit?: string): string {
  const candidates = [explicit, process.env['KRAKENKIT_CONFIG_DIR']].filter(
    (dir): dir is string => typeof dir === 'string' && dir.length > 0,
  );
  for (const dir of candidates) {
    if (existsSync(join(dir, MARKER))) return resolve(dir);
    throw new MockConfigError(dir, `no ${MARKER} in this config directory`);
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
  throw new MockConfigError('config', `could not find a config/ directory holding ${MARKER}`);
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
