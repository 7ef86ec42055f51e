import { lookupPermission } from '@krakenkit/client';
import { hiddenNameNote, looksLikeSecret, moneySchema, nameForMessage } from '@krakenkit/core/config';
import { z } from 'zod';
import { isRedisSpec, storeSpecProblem } from '../state/store-spec.js';
import { parseDuration } from './duration.js';

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Money and quantities: a quoted decimal string (core's one money schema). */
export const money = moneySchema;

/** A positive money amount. */
export const positiveMoney = money.refine((value) => /[1-9]/.test(value), {
  error: 'expected an amount above zero',
});

/** A duration as text: `500ms`, `2s`, `1.5m`, `1h`. Plain numbers are refused (seconds or milliseconds?). */
export const duration = z
  .custom<string>((value) => typeof value === 'string' && parseDuration(value) !== undefined, {
    error: (issue) =>
      `expected a duration such as "500ms", "20s", "2m" or "1h", got ${shown(issue.input)}${typeof issue.input === 'number' ? ' (add a unit)' : ''}`,
  })
  .transform((value) => parseDuration(value) as number);

/** Where a credential comes from: an environment variable or a file. Never the value itself. */
export type CredentialRef = { env: string } | { file: string };

const INLINE_REFUSED =
  'inline credentials are refused: put the value in an environment variable ({ env: NAME }) or a file ({ file: path })';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Longer names are refused: no environment variable needs one, and they are what a pasted secret looks like. */
export const MAX_ENV_NAME = 128;
/** Longest path accepted in a config (Linux's PATH_MAX). */
export const MAX_PATH = 4096;

/**
 * Why `name` is not an environment variable name, as a message that never shows it (a value given where a
 * name is expected may be the secret itself); undefined for a good name.
 */
export function envNameProblem(name: string): string | undefined {
  const what = 'not a valid environment variable name';
  if (looksLikeSecret(name)) return `${what} ${hiddenNameNote(name)}`;
  if (name.length > MAX_ENV_NAME || !ENV_NAME.test(name))
    return `${what} ${hiddenNameNote(name, `a name is letters, digits and "_", not starting with a digit${name.length > MAX_ENV_NAME ? `, at most ${MAX_ENV_NAME} characters` : ''}`)}`;
  return undefined;
}

/**
 * Why `path` is not a usable file path, as a message that never shows it; undefined for a plausible path. A path
 * shaped like a key (a long random-looking run, see core's looksLikeSecret) is refused: it is far more likely a
 * pasted secret than a file name, and a file can be renamed.
 */
export function pathProblem(path: string): string | undefined {
  const what = 'not a usable file path';
  if (path.length > MAX_PATH) return `${what} ${hiddenNameNote(path, `at most ${MAX_PATH} characters`)}`;
  if (path.includes('\0')) return `${what} ${hiddenNameNote(path, 'it holds a NUL character')}`;
  if (looksLikeSecret(path)) return `${what} ${hiddenNameNote(path)}`;
  return undefined;
}

/** A file path in the config: bounded, and never a pasted secret (see {@link pathProblem}). */
export const filePath = z.string().superRefine((path, ctx) => {
  if (path.length === 0) ctx.addIssue({ code: 'custom', message: 'expected a file path', input: path });
  const problem = pathProblem(path);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: path });
});

/**
 * `{ env: NAME }` or `{ file: path }`. A string (an inline secret) is a config error that never echoes it; so is a
 * secret pasted as the variable's name or as the path (`keys.x.secret.env: not a valid environment variable name
 * (64 characters, looks like a secret; it is not shown)`).
 */
export const credentialRef = z
  .unknown()
  .superRefine((value, ctx) => {
    if (typeof value === 'string' || typeof value === 'number') {
      ctx.addIssue({ code: 'custom', message: INLINE_REFUSED, input: value });
      return;
    }
    const entries =
      typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
    const [name, text] = (entries[0] ?? []) as [string | undefined, unknown];
    if (
      entries.length !== 1 ||
      (name !== 'env' && name !== 'file') ||
      typeof text !== 'string' ||
      text === ''
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected exactly one of { env: NAME } or { file: path }',
        input: value,
      });
      return;
    }
    const problem = name === 'env' ? envNameProblem(text) : pathProblem(text);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, path: [name], input: text });
  })
  .transform((value) => value as CredentialRef);

/** A Kraken permission by its docs label, UI label or short flag (`trades_modify`). */
export const permissionName = z.string().refine((name) => lookupPermission(name) !== undefined, {
  error: (issue) =>
    `unknown permission ${nameForMessage(issue.input)}: use a Kraken label ("Orders and trades - Create & modify orders") or a flag (funds_query, funds_add, funds_withdraw, funds_earn, trades_query_open, trades_query_closed, trades_modify, trades_close, ledger_query, export_data, websocket)`,
});

/** Names of bots and keys: used in logs, file names and reports. */
export const label = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, { error: 'expected 1–40 letters, digits, "-", "_" or "."' })
  .refine((name) => !looksLikeSecret(name), {
    error: (issue) => `not a name ${hiddenNameNote(String(issue.input))}`,
  });

/**
 * Where state that outlives the process is kept: `memory`, a directory (relative to the file) or a `redis://` URL.
 * A bad value is described, never echoed: a Redis URL may carry a password.
 */
export const storeSpec = z.string().superRefine((text, ctx) => {
  const problem = storeSpecProblem(text) ?? (isRedisSpec(text) ? undefined : pathProblem(text));
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: '' });
});
