import { isIP } from 'node:net';
import { type EndpointName, endpoints } from '../endpoints/index.js';
import type { ApiKeyConfig } from './api-key.js';
import { type IntendedUse, USE_PROFILES } from './audit-profiles.js';
import { lookupPermission, permissionFlag } from './normalize.js';
import { ALL_PERMISSIONS, PERMISSIONS, type Permission } from './permissions.js';

export type { IntendedUse } from './audit-profiles.js';

/** One thing an audit found. Messages name the key by its label only, never its public key or secret. */
export interface AuditFinding {
  severity: 'error' | 'warning' | 'info';
  /** Stable code, e.g. `KEY_CAN_WITHDRAW`. */
  code: string;
  message: string;
  permission?: Permission;
  endpoint?: string;
}

/** What the audit reads from a key: never the secret. A full {@link ApiKeyConfig} fits. */
export type AuditedKey = Pick<ApiKeyConfig, 'name'> & {
  permissions: readonly string[];
  ipAllowlist?: readonly string[] | undefined;
  nonceWindow?: number | undefined;
};

/** Either a named use, or exactly the calls the bot will make (all of them required). */
export type KeyUse = IntendedUse | { endpoints: readonly EndpointName[] };

/**
 * Audits a key for least privilege against what it is for: permissions missing for the intended calls (error),
 * permissions it should not have (a key that can withdraw without needing to: error; trade rights on a key that
 * does not trade: warning; deposit/export/earn rights not needed: warning), no IP allowlist (warning; error if
 * the key can withdraw), and nonce-window notes. Pure: it reads the declaration, it does not call Kraken.
 */
export function auditKey(key: AuditedKey, use: KeyUse): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const declared = declaredPermissions(key, findings);
  const profile = typeof use === 'string' ? USE_PROFILES[use] : { required: use.endpoints, optional: [] };
  const needed = new Set<Permission>();
  checkCalls(key.name, declared, profile.required, 'error', needed, findings);
  checkCalls(key.name, declared, profile.optional, 'info', needed, findings);
  checkOverPrivilege(key.name, declared, needed, findings);
  checkAllowlist(key, declared.has(PERMISSIONS.funds_withdraw), findings);
  checkNonceWindow(key, findings);
  return findings;
}

/** True when no finding is an error. */
export function auditPassed(findings: readonly AuditFinding[]): boolean {
  return findings.every((finding) => finding.severity !== 'error');
}

function declaredPermissions(key: AuditedKey, findings: AuditFinding[]): Set<Permission> {
  const declared = new Set<Permission>();
  for (const name of key.permissions) {
    const permission = typeof name === 'string' ? lookupPermission(name) : undefined;
    if (permission === undefined) {
      findings.push({
        severity: 'error',
        code: 'KEY_UNKNOWN_PERMISSION',
        message: `key "${key.name}" declares an unknown permission ${JSON.stringify(String(name)).slice(0, 80)}`,
      });
    } else {
      declared.add(permission);
    }
  }
  if (key.permissions.length === 0) {
    findings.push({
      severity: 'error',
      code: 'KEY_NO_PERMISSIONS',
      message: `key "${key.name}" declares no permissions`,
    });
  }
  return declared;
}

function checkCalls(
  keyName: string,
  declared: ReadonlySet<Permission>,
  calls: readonly EndpointName[],
  severity: 'error' | 'info',
  needed: Set<Permission>,
  findings: AuditFinding[],
): void {
  for (const call of calls) {
    const options = endpoints[call].permissions;
    const held = options.filter((permission) => declared.has(permission));
    // The first listed permission is the one to grant when none is held (e.g. CancelOrder: create & modify).
    for (const permission of held.length > 0 ? held : options.slice(0, 1)) needed.add(permission);
    if (options.length === 0 || held.length > 0) continue;
    const code = severity === 'error' ? 'KEY_MISSING_PERMISSION' : 'KEY_OPTIONAL_CALL_UNAVAILABLE';
    const missing = options.map((permission) => `"${permission}"`).join(' or ');
    findings.push({
      severity,
      code,
      message:
        severity === 'error'
          ? `key "${keyName}" cannot call ${endpoints[call].name}: it needs ${missing}`
          : `key "${keyName}" cannot call ${endpoints[call].name} (optional for this use; needs ${missing})`,
      endpoint: endpoints[call].name,
      ...(options[0] === undefined ? {} : { permission: options[0] }),
    });
  }
}

const TRADE_RIGHTS: ReadonlySet<Permission> = new Set([PERMISSIONS.trades_modify, PERMISSIONS.trades_close]);
const SIDE_RIGHTS: ReadonlySet<Permission> = new Set([
  PERMISSIONS.funds_add,
  PERMISSIONS.export_data,
  PERMISSIONS.funds_earn,
]);

function checkOverPrivilege(
  keyName: string,
  declared: ReadonlySet<Permission>,
  needed: ReadonlySet<Permission>,
  findings: AuditFinding[],
): void {
  for (const permission of ALL_PERMISSIONS) {
    if (!declared.has(permission) || needed.has(permission)) continue;
    const flag = permissionFlag(permission);
    if (permission === PERMISSIONS.funds_withdraw) {
      findings.push({
        severity: 'error',
        code: 'KEY_CAN_WITHDRAW',
        message: `key "${keyName}" can withdraw funds but its use does not need it: a leaked key could empty the account; remove "${permission}"`,
        permission,
      });
    } else if (TRADE_RIGHTS.has(permission)) {
      findings.push({
        severity: 'warning',
        code: 'KEY_CAN_TRADE',
        message: `key "${keyName}" has trading right "${permission}" (${flag}) that its use does not need`,
        permission,
      });
    } else {
      findings.push({
        severity: SIDE_RIGHTS.has(permission) ? 'warning' : 'info',
        code: 'KEY_UNNEEDED_PERMISSION',
        message: `key "${keyName}" has "${permission}" (${flag}), which its use does not need`,
        permission,
      });
    }
  }
}

function checkAllowlist(key: AuditedKey, canWithdraw: boolean, findings: AuditFinding[]): void {
  const entries = key.ipAllowlist ?? [];
  if (entries.length === 0) {
    findings.push({
      severity: canWithdraw ? 'error' : 'warning',
      code: 'KEY_NO_IP_ALLOWLIST',
      message: `key "${key.name}" declares no IP allowlist: anyone holding it can use it from anywhere${canWithdraw ? ', including to withdraw' : ''}`,
    });
    return;
  }
  for (const entry of entries) {
    const problem = allowlistProblem(entry);
    if (problem !== undefined) {
      findings.push({
        severity: 'warning',
        code: problem.code,
        message: `key "${key.name}" IP allowlist entry ${JSON.stringify(entry)} ${problem.text}`,
      });
    }
  }
}

/** Checks one IPv4/IPv6 address or CIDR block (Kraken's allowlist accepts both, docs/kraken/api-keys.md). */
function allowlistProblem(entry: string): { code: string; text: string } | undefined {
  const [address = '', prefix, extra] = entry.trim().split('/');
  const version = isIP(address);
  const bits = prefix === undefined ? undefined : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  const maxBits = version === 6 ? 128 : 32;
  if (version === 0 || extra !== undefined || (bits !== undefined && !(bits >= 0 && bits <= maxBits))) {
    return { code: 'KEY_BAD_IP_ALLOWLIST_ENTRY', text: 'is not an IPv4/IPv6 address or CIDR block' };
  }
  if (bits !== undefined && bits < (version === 6 ? 32 : 8)) {
    return {
      code: 'KEY_WIDE_IP_ALLOWLIST',
      text: `allows a very wide range (/${bits}), which restricts almost nothing`,
    };
  }
  return undefined;
}

function checkNonceWindow(key: AuditedKey, findings: AuditFinding[]): void {
  const window = key.nonceWindow ?? 0;
  if (!Number.isSafeInteger(window) || window < 0) {
    findings.push({
      severity: 'error',
      code: 'KEY_BAD_NONCE_WINDOW',
      message: `key "${key.name}" nonce window ${String(key.nonceWindow)} is not a non-negative integer`,
    });
  } else if (window === 0) {
    findings.push({
      severity: 'info',
      code: 'KEY_STRICT_NONCE',
      message: `key "${key.name}" has no nonce window: every nonce must exceed the last one seen, so all processes using this key must share one nonce source, and requests must arrive in order (else EAPI:Invalid nonce)`,
    });
  } else {
    findings.push({
      severity: 'info',
      code: 'KEY_NONCE_WINDOW',
      message: `key "${key.name}" tolerates nonces up to ${window} below the highest seen (out-of-order arrival); nonces must still never repeat`,
    });
  }
}
