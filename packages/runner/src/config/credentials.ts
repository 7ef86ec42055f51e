import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { type ApiKeyConfig, ConfigError, type ConfigIssue, lookupPermission } from '@krakenkit/client';
import { nameForMessage } from '@krakenkit/core/config';
import { MAX_SECRET_BYTES, readBoundedFile, UnreadableFileError } from '@krakenkit/core/files';
import type { CredentialRef } from './fields.js';
import { type BotConfig, issueAt } from './load.js';
import {
  ALLOW_INSECURE_SECRET_FILES_ENV,
  describeInsecure,
  type InsecureSecretFile,
  InsecureSecretFileError,
  insecureMode,
} from './secret-file.js';

/** Where credentials are read from: the process environment (or a test's). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Options of {@link resolveKeys}. */
export interface ResolveKeysOptions {
  /** Told about each credential file read although others can read it (allowed by the key or the environment). */
  onWarning?: (message: string) => void;
}

/**
 * The client key config of each named key, with apiKey and secret read from their environment variables or files.
 * Every missing variable or unreadable file is reported (file:line:column of the reference), never the value. A
 * credential file group or others can read is refused with an InsecureSecretFileError (after any config issue),
 * unless the key says `allowInsecureSecretFile: true` or `KRAKENKIT_ALLOW_INSECURE_SECRET_FILES=1` is set: then it
 * is read and `onWarning` is told.
 */
export function resolveKeys(
  config: BotConfig,
  names: Iterable<string>,
  env: Environment,
  options: ResolveKeysOptions = {},
): ApiKeyConfig[] {
  const { keys, issues, insecure } = readKeys(config, names, env, options);
  if (issues.length > 0) throw new ConfigError(issues);
  if (insecure.length > 0) throw new InsecureSecretFileError(insecure);
  return keys;
}

/** What {@link checkCredentials} found: credentials that cannot be read, and files others can read. */
export interface CredentialProblems {
  issues: ConfigIssue[];
  insecure: InsecureSecretFile[];
}

/**
 * Every credential problem of the named keys at once, for `validate`: unlike {@link resolveKeys}, a file others
 * can read is reported even when another credential is missing, so one pass shows all a run would refuse.
 */
export function checkCredentials(
  config: BotConfig,
  names: Iterable<string>,
  env: Environment,
): CredentialProblems {
  const { issues, insecure } = readKeys(config, names, env, {});
  return { issues, insecure };
}

function readKeys(config: BotConfig, names: Iterable<string>, env: Environment, options: ResolveKeysOptions) {
  const reading: Reading = { config, env, issues: [], insecure: [], onWarning: options.onWarning };
  const keys: ApiKeyConfig[] = [];
  for (const name of names) {
    const declared = config.keys[name];
    if (declared === undefined) continue;
    const apiKey = readCredential(reading, name, 'apiKey', declared.apiKey);
    const apiSecret = readCredential(reading, name, 'secret', declared.secret);
    if (apiKey !== undefined && apiSecret !== undefined)
      keys.push(clientKey(config, name, apiKey, apiSecret));
  }
  return { keys, issues: reading.issues, insecure: reading.insecure };
}

interface Reading {
  config: BotConfig;
  env: Environment;
  issues: ConfigIssue[];
  insecure: InsecureSecretFile[];
  onWarning: ((message: string) => void) | undefined;
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
  reading: Reading,
  name: string,
  field: 'apiKey' | 'secret',
  ref: CredentialRef | undefined,
): string | undefined {
  const { config, env, issues } = reading;
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
  // Relative to the file that declared the key: the keys file (its path is absolute), else the bot file.
  const keysFile = config.sources.keys === config.sources.main ? undefined : config.sources.keys.file;
  const file = resolve(keysFile === undefined ? config.baseDir : dirname(keysFile), ref.file);
  try {
    if (!privateEnough(reading, name, field, file)) return undefined;
    // Bounded, and never a FIFO: a read blocked on one would hang the process past SIGTERM (the loop never runs).
    const value = readBoundedFile(file, MAX_SECRET_BYTES).toString('utf8').trim();
    if (value) return value;
    issues.push(issueAt(config, path, `credential file ${ref.file} is empty`));
  } catch (error) {
    // Our refusals say what is wrong in words; fs errors by their code alone (their message repeats the path).
    const why =
      error instanceof UnreadableFileError
        ? error.message
        : ((error as NodeJS.ErrnoException).code ?? 'error');
    issues.push(issueAt(config, path, `cannot read credential file ${ref.file}: ${why}`));
  }
  return undefined;
}

// A credential file others can read is refused, or read with a warning when the key or the environment allows it.
function privateEnough(reading: Reading, name: string, field: 'apiKey' | 'secret', path: string): boolean {
  const mode = insecureMode(path);
  if (mode === undefined) return true;
  const file: InsecureSecretFile = { path, mode, field: `keys.${name}.${field}` };
  const byKey = reading.config.keys[name]?.allowInsecureSecretFile === true;
  const byEnv = reading.env[ALLOW_INSECURE_SECRET_FILES_ENV] === '1';
  if (!byKey && !byEnv) {
    reading.insecure.push(file);
    return false;
  }
  const by = byKey
    ? `allowInsecureSecretFile on key ${nameForMessage(name)}`
    : `${ALLOW_INSECURE_SECRET_FILES_ENV}=1`;
  reading.onWarning?.(
    `credential file ${describeInsecure(file)}: allowed by ${by}; chmod 600 ${path} to fix it`,
  );
  return true;
}
