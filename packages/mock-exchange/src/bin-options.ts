import { readFileSync } from 'node:fs';
import type { AdminOptions, StartMockExchangeOptions } from './adapters/server.js';

/** The environment variable `krakenkit-mock --admin` reads its token from (never argv: others can read that). */
export const ADMIN_TOKEN_ENV = 'KRAKENKIT_MOCK_ADMIN_TOKEN';

// What an options file may set: the exchange's data and behaviour, not the server's own handles.
const FILE_KEYS = new Set([
  'seed',
  'accounts',
  'pairs',
  'assets',
  'allowances',
  'tiers',
  'fees',
  'errorStrings',
  'marginLiquidity',
  'faults',
  'settings',
  'configDir',
  'tickMs',
  'maxConnections',
  'fastLane',
  'admin',
]);

/**
 * Reads `--options <file.json>`: `startMockExchange` options as JSON (accounts, faults, allowances, settings…;
 * `admin` holds the metrics' options, its token comes from the environment). Unknown keys are refused by name.
 */
export function readOptionsFile(path: string): StartMockExchangeOptions & { admin?: Partial<AdminOptions> } {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`--options ${path}: expected a JSON object`);
  const unknown = Object.keys(parsed).filter((key) => !FILE_KEYS.has(key));
  if (unknown.length > 0) throw new Error(`--options ${path}: unknown keys ${unknown.join(', ')}`);
  return parsed as StartMockExchangeOptions & { admin?: Partial<AdminOptions> };
}

/** The admin options to start with: off unless `--admin`; then the token must be in the environment. */
export function adminOptions(
  enabled: boolean,
  fromFile: Partial<AdminOptions> | undefined,
  env: NodeJS.ProcessEnv,
): AdminOptions | undefined {
  if (!enabled) return undefined;
  const token = env[ADMIN_TOKEN_ENV];
  if (token === undefined || token.length < 16)
    throw new Error(`--admin needs a token of 16+ characters in ${ADMIN_TOKEN_ENV}`);
  return { ...fromFile, token };
}
