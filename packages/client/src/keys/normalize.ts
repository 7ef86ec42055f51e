import { KRAKENKIT_CODES } from '@krakenkit/core';
import { ValidationError } from '../errors/index.js';
import { ALL_PERMISSIONS, PERMISSIONS, type Permission, type PermissionFlag } from './permissions.js';

/**
 * Other spellings people copy from Kraken's UI and docs (docs/kraken/api-keys.md: UI labels, the api-keys guide table,
 * Fast API flags). Keys are compared after {@link canonicalText}.
 */
const LABEL_ALIASES: Readonly<Record<string, PermissionFlag>> = {
  'query funds': 'funds_query',
  'deposit funds': 'funds_add',
  'withdraw funds': 'funds_withdraw',
  earn: 'funds_earn',
  'query open orders & trades': 'trades_query_open',
  'query closed orders & trades': 'trades_query_closed',
  'create & modify orders': 'trades_modify',
  'cancel & close orders': 'trades_close',
  'cancel/close orders': 'trades_close',
  'query ledger entries': 'ledger_query',
  'export data': 'export_data',
  'access websocket api': 'websocket',
  'websocket interface': 'websocket',
};

/** Lower case, single spaces, `and` read as `&`: "Orders and Trades – Create & Modify orders" matches. */
function canonicalText(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\band\b/g, '&')
    .replace(/\s+/g, ' ');
}

const BY_TEXT: ReadonlyMap<string, Permission> = new Map<string, Permission>([
  ...(Object.entries(PERMISSIONS) as Array<[PermissionFlag, Permission]>).flatMap(
    ([flag, label]): Array<[string, Permission]> => [
      [flag, label],
      [canonicalText(label), label],
    ],
  ),
  ...Object.entries(LABEL_ALIASES).map(([alias, flag]): [string, Permission] => [alias, PERMISSIONS[flag]]),
]);

/** The Kraken permission a name stands for, or `undefined` when the name is unknown. */
export function lookupPermission(name: string): Permission | undefined {
  return BY_TEXT.get(name) ?? BY_TEXT.get(canonicalText(name));
}

/**
 * Normalises one declared permission (`trades_modify`, `"Create & Modify Orders"`, or Kraken's own label) to
 * Kraken's label (`'Orders and trades - Create & modify orders'`). Unknown names throw a {@link ValidationError}:
 * a typo must not silently narrow or widen what a key is believed to allow.
 */
export function normalizePermission(name: unknown, field = 'permissions'): Permission {
  const permission = typeof name === 'string' ? lookupPermission(name) : undefined;
  if (permission === undefined) {
    throw new ValidationError(field, name, `a Kraken permission (${Object.keys(PERMISSIONS).join(', ')})`, {
      code: KRAKENKIT_CODES.UNKNOWN_PERMISSION,
    });
  }
  return permission;
}

/** Normalises a list of declared permissions: deduplicated, in Kraken's UI order. */
export function normalizePermissions(names: readonly unknown[], field = 'permissions'): Permission[] {
  const declared = new Set(names.map((name, index) => normalizePermission(name, `${field}[${index}]`)));
  return ALL_PERMISSIONS.filter((permission) => declared.has(permission));
}

/** The short flag (`trades_modify`) for a Kraken permission label. */
export function permissionFlag(permission: Permission): PermissionFlag {
  const entry = (Object.entries(PERMISSIONS) as Array<[PermissionFlag, Permission]>).find(
    ([, label]) => label === permission,
  );
  if (entry === undefined) throw new ValidationError('permission', permission, 'a Kraken permission label');
  return entry[0];
}

/**
 * Whether a key with `declared` permissions may call an endpoint that needs any one of `required`
 * (an empty `required` means public: always allowed).
 */
export function allowsAny(declared: Iterable<Permission>, required: readonly Permission[]): boolean {
  if (required.length === 0) return true;
  const have = new Set(declared);
  return required.some((permission) => have.has(permission));
}
