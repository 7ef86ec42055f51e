import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../src/audit/audit-event.js';
import { createJsonlAuditWriter } from '../src/audit/jsonl-writer.js';
import { marginOrder, T0, testGuard } from './support/guard-factory.js';

describe('audit trail', () => {
  it('emits every decision, event and state change, and writes them as JSON lines', async () => {
    const { guard } = testGuard({ withdrawal: { allowedKeys: ['cold'] } });
    const file = join(mkdtempSync(join(tmpdir(), 'guard-audit-')), 'audit.jsonl');
    const writer = createJsonlAuditWriter(file);
    const seen: AuditEvent[] = [];
    guard.onAudit(writer.listener);
    const stop = guard.onAudit((event) => seen.push(event));
    guard.check(marginOrder('XBTUSD', 'buy', '301', '50000'));
    const reserved = guard.reserve(marginOrder('XBTUSD', 'buy', '1', '50000'));
    guard.apply({ type: 'order-accepted', ref: reserved.ref ?? '', txid: 'OX' });
    guard.setTradingState('HALTED', 'manual');
    stop();
    guard.check(marginOrder('XBTUSD', 'buy', '1', '50000'));
    await writer.close();

    expect(seen.map((event) => event.type)).toEqual(['decision', 'decision', 'event', 'trading-state']);
    expect(seen[0]).toMatchObject({
      action: 'check',
      allowed: false,
      at: T0,
      violations: [{ code: 'EOrder:Margin allowance exceeded' }],
    });
    expect(seen[1]).toMatchObject({ action: 'reserve', allowed: true, ref: 'R1' });
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEvent);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatchObject({
      type: 'decision',
      allowed: false,
      violations: [{ code: 'EGuard:Trading halted' }],
    });
  });

  it('never records a secret, even when a whole key config is passed as the withdrawal key', () => {
    const { guard } = testGuard({ withdrawal: { allowedKeys: ['cold'] } });
    const lines: string[] = [];
    guard.onAudit((event) => lines.push(JSON.stringify(event)));
    const keyConfig = {
      name: 'w',
      permissions: ['funds_withdraw'],
      apiKey: 'PUBLICKEY',
      apiSecret: 'c2VjcmV0LXNlY3JldA==',
    };
    guard.check({ kind: 'withdraw', asset: 'USD', key: 'cold', amount: '1', apiKey: keyConfig });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('c2VjcmV0LXNlY3JldA==');
    expect(lines[0]).not.toContain('PUBLICKEY');
  });

  it('keeps deciding when a listener throws', () => {
    const { guard } = testGuard();
    guard.onAudit(() => {
      throw new Error('disk full');
    });
    expect(guard.reserve(marginOrder('XBTUSD', 'buy', '1', '50000')).allowed).toBe(true);
  });
});
