import { type AuditFinding, auditKey, type EndpointName } from '@krakenkit/client';
import type { KeyConfig } from '../config/schema.js';

/**
 * Every call the runner makes with a bot's key (start-up reads, adoption of a restarted bot's orders, order
 * polling, trading, shutdown).
 */
export const RUNNER_ENDPOINTS: readonly EndpointName[] = [
  'balance',
  'openOrders',
  'openPositions',
  'queryOrders',
  'closedOrders',
  'addOrder',
  'cancelOrder',
  'cancelOrderBatch',
];

/** How a key is used by the bots of a config. */
export interface KeyUsage {
  bots: string[];
  /** The dead man's switch needs CancelAllOrdersAfter ("Cancel & close orders"). */
  deadManSwitch: boolean;
}

/** The audit of one declared key. */
export interface KeyAuditReport {
  name: string;
  use: KeyConfig['use'];
  usedBy: string[];
  ipAllowlist: readonly string[];
  ipAllowlistNote: string | undefined;
  findings: AuditFinding[];
}

/**
 * Audits every declared key with the client's auditKey against its declared use, and a key a bot trades with
 * also against every call the runner will make with it (missing permission: error `RUNNER_NEEDS_PERMISSION`).
 * Reads declarations only; nothing is called.
 */
export function auditDeclaredKeys(
  keys: Readonly<Record<string, KeyConfig>>,
  usage: ReadonlyMap<string, KeyUsage>,
): KeyAuditReport[] {
  return Object.entries(keys).map(([name, key]) => {
    const audited = {
      name,
      permissions: key.permissions,
      ipAllowlist: key.ipAllowlist,
      nonceWindow: key.nonceWindow,
    };
    const own = auditKey(audited, key.use);
    const used = usage.get(name);
    const findings = used === undefined ? own : withRunnerNeeds(own, audited, used);
    return {
      name,
      use: key.use,
      usedBy: used?.bots ?? [],
      ipAllowlist: key.ipAllowlist ?? [],
      ipAllowlistNote: key.ipAllowlistNote,
      findings: findings.sort((a, b) => SEVERITY[a.severity] - SEVERITY[b.severity]),
    };
  });
}

const SEVERITY = { error: 0, warning: 1, info: 2 } as const;

// A call the runner cannot do without is an error even where the key's use lists it as optional (an info).
function withRunnerNeeds(
  findings: AuditFinding[],
  key: Parameters<typeof auditKey>[0],
  used: KeyUsage,
): AuditFinding[] {
  const calls: EndpointName[] = [
    ...RUNNER_ENDPOINTS,
    ...(used.deadManSwitch ? (['cancelAllOrdersAfter'] as const) : []),
  ];
  const missing = auditKey(key, { endpoints: calls }).filter(
    (finding) => finding.code === 'KEY_MISSING_PERMISSION',
  );
  const alreadyErrors = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.endpoint));
  const upgraded = new Set(missing.map((finding) => finding.endpoint));
  return [
    ...findings.filter((finding) => finding.severity === 'error' || !upgraded.has(finding.endpoint)),
    ...missing
      .filter((finding) => !alreadyErrors.has(finding.endpoint))
      .map((finding) => ({
        ...finding,
        code: 'RUNNER_NEEDS_PERMISSION',
        message: `${finding.message} (the runner calls it for bot ${used.bots.join(', ')})`,
      })),
  ];
}

/** True when no report has an error finding. */
export function auditsPassed(reports: readonly KeyAuditReport[]): boolean {
  return reports.every((report) => report.findings.every((finding) => finding.severity !== 'error'));
}

/** Key usage of a config's enabled bots. */
export function keyUsage(
  bots: ReadonlyArray<{ name: string; key: string; enabled?: boolean }>,
  deadManSwitch: boolean,
): Map<string, KeyUsage> {
  const usage = new Map<string, KeyUsage>();
  for (const bot of bots) {
    if (bot.enabled === false) continue;
    const entry = usage.get(bot.key) ?? { bots: [], deadManSwitch };
    entry.bots.push(bot.name);
    usage.set(bot.key, entry);
  }
  return usage;
}

/** The report as text lines. */
export function renderAudit(reports: readonly KeyAuditReport[]): string[] {
  const lines: string[] = [];
  for (const report of reports) {
    const usedBy = report.usedBy.length === 0 ? 'no bot' : report.usedBy.join(', ');
    lines.push(`key ${report.name}  (use: ${report.use}; used by ${usedBy})`);
    const allowlist = report.ipAllowlist.length === 0 ? 'none' : report.ipAllowlist.join(', ');
    lines.push(
      `  IP allowlist: ${allowlist}${report.ipAllowlistNote === undefined ? '' : ` — ${report.ipAllowlistNote}`}`,
    );
    const errors = report.findings.filter((finding) => finding.severity === 'error').length;
    lines.push(
      errors === 0 ? '  OK: least privilege for its use' : `  ${errors} error${errors === 1 ? '' : 's'}`,
    );
    for (const finding of report.findings)
      lines.push(`  ${finding.severity.padEnd(7)} ${finding.code}: ${finding.message}`);
  }
  return lines;
}
