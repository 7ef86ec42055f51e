import { type AuditFinding, normalizePermissions, type Permission } from '@krakenkit/client';
import { endpoints } from '@krakenkit/client/wire';
import { auditDeclaredKeys, keyUsage, RUNNER_ENDPOINTS } from '../../keys/audit-keys.js';
import type { DashboardSource } from './source.js';

/** One declared key as the keys page shows it: by name and permissions only, never its API key or secret. */
export interface KeyView {
  name: string;
  use: string;
  usedBy: string[];
  /** Permissions the key was declared with (Kraken's labels). */
  declared: Permission[];
  /** Permissions the runner's calls with it need, when a bot uses it. */
  needed: Permission[];
  /** Declared but not needed: over-privilege. */
  unused: Permission[];
  /** Needed but not declared: the runner would be refused. */
  missing: Permission[];
  ipAllowlist: readonly string[];
  ipAllowlistNote: string | null;
  findings: AuditFinding[];
  /** Whether the key was revoked (known on the embedded mock only). */
  revoked: boolean | null;
}

/** The keys page: every declared key, its audit, and whether this exchange lets the dashboard revoke it. */
export interface KeysView {
  keys: KeyView[];
  /** Only the embedded mock can revoke a key from here; Kraken's keys are revoked in its account settings. */
  canRevoke: boolean;
  notes: string[];
}

/** Builds the keys page's data from the config's declarations (no exchange call). */
export function keysView(source: DashboardSource): KeysView {
  const { config, connection } = source;
  const deadManSwitch = config.run.deadManSwitch !== false;
  const reports = auditDeclaredKeys(config.keys, keyUsage(config.bots, deadManSwitch));
  const calls: EndpointName[] = [
    ...RUNNER_ENDPOINTS,
    ...(deadManSwitch ? (['cancelAllOrdersAfter'] as const) : []),
  ];
  const keys = reports.map((report): KeyView => {
    const declared = normalizePermissions(config.keys[report.name]?.permissions ?? []);
    const { needed, missing } = report.usedBy.length === 0 ? NOTHING : needsOf(calls, declared);
    return {
      name: report.name,
      use: report.use,
      usedBy: report.usedBy,
      declared,
      needed,
      unused: report.usedBy.length === 0 ? [] : declared.filter((permission) => !needed.includes(permission)),
      missing,
      ipAllowlist: report.ipAllowlist,
      ipAllowlistNote: report.ipAllowlistNote ?? null,
      findings: report.findings,
      revoked: revokedOf(source, report.name),
    };
  });
  return {
    keys,
    canRevoke: connection.kind === 'mock',
    notes: [
      connection.kind === 'mock'
        ? 'Paper keys are minted per run with exactly the declared permissions; the embedded mock runs on 127.0.0.1, so the IP allowlist is a note for the audit, not enforced here.'
        : 'Kraken enforces the IP allowlist: calls from any other address fail with EGeneral:Permission denied. Revoke a key in the Kraken account settings (API); the API has no call for it.',
    ],
  };
}

type EndpointName = keyof typeof endpoints;

const NOTHING = { needed: [], missing: [] };

// An endpoint some of whose permissions the key has uses those (CancelOrder accepts either of two); one it has
// none of misses its first.
function needsOf(calls: readonly EndpointName[], declared: readonly Permission[]) {
  const needed = new Set<Permission>();
  const missing = new Set<Permission>();
  for (const call of calls) {
    const options = endpoints[call].permissions;
    const held = options.filter((permission) => declared.includes(permission));
    for (const permission of held) needed.add(permission);
    const first = options[0];
    if (held.length === 0 && first !== undefined) {
      needed.add(first);
      missing.add(first);
    }
  }
  return { needed: [...needed], missing: [...missing] };
}

function revokedOf(source: DashboardSource, name: string): boolean | null {
  const mock = source.connection.mock;
  const apiKey = source.connection.apiKeys.get(name);
  if (mock === undefined || apiKey === undefined) return null;
  return mock.state.accounts.key(apiKey)?.revoked ?? null;
}
