import { lookupPermission } from '@krakenkit/client';
import { moneySchema } from '@krakenkit/core';
import { z } from 'zod';
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

/** `{ env: NAME }` or `{ file: path }`; a string (an inline secret) is a config error that never echoes it. */
export const credentialRef = z.custom<CredentialRef>(
  (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const entries = Object.entries(value);
    if (entries.length !== 1) return false;
    const [name, text] = entries[0] as [string, unknown];
    return (name === 'env' || name === 'file') && typeof text === 'string' && text.length > 0;
  },
  {
    error: (issue) =>
      typeof issue.input === 'string' || typeof issue.input === 'number'
        ? INLINE_REFUSED
        : 'expected exactly one of { env: NAME } or { file: path }',
  },
);

/** A Kraken permission by its docs label, UI label or short flag (`trades_modify`). */
export const permissionName = z.string().refine((name) => lookupPermission(name) !== undefined, {
  error: (issue) =>
    `unknown permission ${shown(issue.input)}: use a Kraken label ("Orders and trades - Create & modify orders") or a flag (funds_query, funds_add, funds_withdraw, funds_earn, trades_query_open, trades_query_closed, trades_modify, trades_close, ledger_query, export_data, websocket)`,
});

/** Names of bots and keys: used in logs, file names and reports. */
export const label = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, { error: 'expected 1–40 letters, digits, "-", "_" or "."' });
