import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ApiKeyConfig, ConfigError, type ConfigIssue, lookupPermission } from '@krakenkit/client';
import type { CredentialRef } from './fields.js';
import { type BotConfig, issueAt } from './load.js';

/** Where credentials are read from: the process environment (or a test's). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The client key config of each named key, with apiKey and secret read from their environment variables or files.
 * Every missing variable or unreadable file is reported (file:line:column of the reference), never the value.
 */
export function resolveKeys(config: BotConfig, names: Iterable<string>, env: Environment): ApiKeyConfig[] {
  const issues: ConfigIssue[] = [];
  const keys: ApiKeyConfig[] = [];
  for (const name of names) {
    const declared = config.keys[name];
    if (declared === undefined) continue;
    const apiKey = readCredential(config, name, 'apiKey', declared.apiKey, env, issues);
    const apiSecret = readCredential(config, name, 'secret', declared.secret, env, issues);
    if (apiKey !== undefined && apiSecret !== undefined)
      keys.push(clientKey(config, name, apiKey, apiSecret));
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return keys;
}

/**
 * Paper keys for the embedded mock exchange: a fresh random key and secret per declared key, with the declared
 * permissions, so the mock enforces the same permissions Kraken would. Nothing is read from the environment.
 */
export function mintPaperKeys(config: BotConfig, names: Iterable<string>): ApiKeyConfig[] {
  return [...names].flatMap((name) =>
    config.keys[name] === undefined
      ? []
      : [
          clientKey(
            config,
            name,
            `paper-${name}-${randomBytes(6).toString('hex')}`,
            randomBytes(64).toString('base64'),
          ),
        ],
  );
}

function clientKey(config: BotConfig, name: string, apiKey: string, apiSecret: string): ApiKeyConfig {
  const declared = config.keys[name];
  return {
    name,
    apiKey,
    apiSecret,
    permissions: (declared?.permissions ?? []).flatMap((permission) => lookupPermission(permission) ?? []),
    ...(declared?.ipAllowlist === undefined ? {} : { ipAllowlist: declared.ipAllowlist }),
    ...(declared?.nonceWindow === undefined ? {} : { nonceWindow: declared.nonceWindow }),
  };
}

function readCredential(
  config: BotConfig,
  name: string,
  field: 'apiKey' | 'secret',
  ref: CredentialRef | undefined,
  env: Environment,
  issues: ConfigIssue[],
): string | undefined {
  const path = ['keys', name, field];
  if (ref === undefined) {
    issues.push(
      issueAt(
        config,
        ['keys', name],
        `${field} is needed to trade on Kraken: { env: NAME } or { file: path }`,
      ),
    );
    return undefined;
  }
  if ('env' in ref) {
    const value = env[ref.env]?.trim();
    if (value) return value;
    issues.push(issueAt(config, path, `environment variable ${ref.env} is not set`));
    return undefined;
  }
  const file = resolve(
    config.sources.keys.file === undefined ? config.baseDir : resolve(config.sources.keys.file, '..'),
    ref.file,
  );
  try {
    const value = readFileSync(file, 'utf8').trim();
    if (value) return value;
    issues.push(issueAt(config, path, `credential file ${ref.file} is empty`));
  } catch (error) {
    issues.push(
      issueAt(
        config,
        path,
        `cannot read credential file ${ref.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      ),
    );
  }
  return undefined;
}
