import { describe, expect, it } from 'vitest';
import type { ApiKeyConfig } from '../src/keys/api-key.js';
import { type AuditedKey, type AuditFinding, auditKey, auditPassed } from '../src/keys/audit.js';
import { PERMISSIONS } from '../src/keys/permissions.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const PUBLIC_KEY = 'pUbLiCkEyDoNoTlOg';

const TRADER: ApiKeyConfig = {
  name: 'grid-bot',
  apiKey: PUBLIC_KEY,
  apiSecret: SECRET,
  permissions: ['funds_query', 'trades_query_open', 'trades_query_closed', 'trades_modify', 'trades_close'],
  ipAllowlist: ['203.0.113.7', '2001:db8::/48'],
};

const codes = (findings: readonly AuditFinding[], severity?: AuditFinding['severity']) =>
  findings.filter((f) => severity === undefined || f.severity === severity).map((f) => f.code);

describe('auditKey', () => {
  it('passes a least-privilege trading key with only notes', () => {
    const findings = auditKey(TRADER, 'trading');
    expect(auditPassed(findings)).toBe(true);
    expect(codes(findings, 'error')).toEqual([]);
    expect(codes(findings, 'warning')).toEqual([]);
    expect(codes(findings)).toContain('KEY_STRICT_NONCE');
  });

  it('reports a trading key that can withdraw as an error', () => {
    const findings = auditKey(
      { ...TRADER, permissions: [...TRADER.permissions, 'funds_withdraw'] },
      'trading',
    );
    const withdraw = findings.find((f) => f.code === 'KEY_CAN_WITHDRAW');
    expect(withdraw).toMatchObject({ severity: 'error', permission: PERMISSIONS.funds_withdraw });
    expect(auditPassed(findings)).toBe(false);
  });

  it('reports missing permissions for the intended calls, naming the endpoint', () => {
    const findings = auditKey(
      { ...TRADER, permissions: ['funds_query', 'trades_query_open', 'trades_modify'] },
      'trading',
    );
    const missing = findings.filter((f) => f.code === 'KEY_MISSING_PERMISSION');
    expect(missing.map((f) => f.endpoint).sort()).toEqual([
      'CancelAll',
      'CancelAllOrdersAfter',
      'ClosedOrders',
    ]);
    expect(missing.every((f) => f.severity === 'error')).toBe(true);
    // CancelOrder is satisfied by "Create & modify orders" alone (either permission allows it).
    expect(missing.some((f) => f.endpoint === 'CancelOrder')).toBe(false);
  });

  it('warns about trade rights on a read-only key, and about deposit/export/earn rights nobody needs', () => {
    const findings = auditKey(
      { ...TRADER, permissions: [...TRADER.permissions, 'funds_add', 'export_data', 'funds_earn'] },
      'read-only',
    );
    const warnings = findings.filter((f) => f.severity === 'warning');
    expect(warnings.filter((f) => f.code === 'KEY_CAN_TRADE').map((f) => f.permission)).toEqual([
      PERMISSIONS.trades_modify,
      PERMISSIONS.trades_close,
    ]);
    expect(warnings.filter((f) => f.code === 'KEY_UNNEEDED_PERMISSION').map((f) => f.permission)).toEqual([
      PERMISSIONS.funds_add,
      PERMISSIONS.funds_earn,
      PERMISSIONS.export_data,
    ]);
    expect(auditPassed(findings)).toBe(true);
  });

  it('requires the WebSocket right for market making and notes optional calls a key cannot make', () => {
    const findings = auditKey(TRADER, 'market-making');
    expect(findings.find((f) => f.endpoint === 'GetWebSocketsToken')).toMatchObject({
      severity: 'error',
      code: 'KEY_MISSING_PERMISSION',
    });
    const info = auditKey(TRADER, 'trading').filter((f) => f.code === 'KEY_OPTIONAL_CALL_UNAVAILABLE');
    expect(info.map((f) => f.endpoint)).toContain('Ledgers');
    expect(info.every((f) => f.severity === 'info')).toBe(true);
  });

  it('audits against an explicit list of calls', () => {
    const key: AuditedKey = {
      name: 'ticker-reader',
      permissions: ['funds_query', 'trades_modify'],
      ipAllowlist: ['198.51.100.1'],
    };
    const findings = auditKey(key, { endpoints: ['balance', 'ticker'] });
    expect(codes(findings, 'error')).toEqual([]);
    expect(codes(findings, 'warning')).toEqual(['KEY_CAN_TRADE']);
  });

  it('warns when no IP allowlist is declared, and errs when such a key can withdraw', () => {
    const { ipAllowlist: _, ...open } = TRADER;
    expect(auditKey(open, 'trading').find((f) => f.code === 'KEY_NO_IP_ALLOWLIST')?.severity).toBe('warning');
    const treasury: AuditedKey = {
      name: 'treasury',
      permissions: ['funds_query', 'funds_withdraw'],
      ipAllowlist: [],
    };
    const findings = auditKey(treasury, 'withdrawal');
    expect(findings.find((f) => f.code === 'KEY_NO_IP_ALLOWLIST')?.severity).toBe('error');
    expect(codes(findings)).not.toContain('KEY_CAN_WITHDRAW');
    expect(codes(findings)).not.toContain('KEY_MISSING_PERMISSION');
  });

  it('flags malformed and wide allowlist entries', () => {
    const findings = auditKey(
      { ...TRADER, ipAllowlist: ['10.0.0.300', '0.0.0.0/0', '10.0.0.0/33', '10.0.0.0/8', '::/0'] },
      'trading',
    );
    expect(codes(findings, 'warning')).toEqual([
      'KEY_BAD_IP_ALLOWLIST_ENTRY',
      'KEY_WIDE_IP_ALLOWLIST',
      'KEY_BAD_IP_ALLOWLIST_ENTRY',
      'KEY_WIDE_IP_ALLOWLIST',
    ]);
  });

  it('reports unknown permission names and empty permission lists as errors instead of throwing', () => {
    expect(
      codes(
        auditKey({ ...TRADER, permissions: [...TRADER.permissions, 'trade_everything'] }, 'trading'),
        'error',
      ),
    ).toEqual(['KEY_UNKNOWN_PERMISSION']);
    expect(codes(auditKey({ ...TRADER, permissions: [] }, 'read-only'), 'error')).toContain(
      'KEY_NO_PERMISSIONS',
    );
  });

  it('notes the nonce window and refuses a nonsensical one', () => {
    expect(
      auditKey({ ...TRADER, nonceWindow: 5000 }, 'trading').find((f) => f.code === 'KEY_NONCE_WINDOW'),
    ).toMatchObject({
      severity: 'info',
    });
    expect(codes(auditKey({ ...TRADER, nonceWindow: -1 }, 'trading'), 'error')).toEqual([
      'KEY_BAD_NONCE_WINDOW',
    ]);
  });

  it('never puts the secret or the public key in a finding', () => {
    for (const use of ['trading', 'read-only', 'withdrawal', 'market-making'] as const) {
      const text = JSON.stringify(
        auditKey({ ...TRADER, permissions: [...TRADER.permissions, 'funds_withdraw'] }, use),
      );
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET.slice(0, 16));
      expect(text).not.toContain(PUBLIC_KEY);
    }
  });
});
