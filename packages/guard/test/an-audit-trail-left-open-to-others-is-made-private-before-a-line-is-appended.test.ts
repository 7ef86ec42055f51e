/**
 * The JSONL audit writer opens its file for appending with mode 0600, which counts only when it creates the
 * file: a trail left 0644 would stay readable by others. The writer makes it 0600 before its first line.
 */
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonlAuditWriter } from '../src/audit/jsonl-writer.js';

describe('the JSONL audit writer', () => {
  it('makes an existing 0644 trail 0600 and appends after what it held', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'guard-audit-mode-')), 'audit.jsonl');
    writeFileSync(file, '{"type":"earlier"}\n');
    chmodSync(file, 0o644);
    const writer = createJsonlAuditWriter(file);
    writer.listener({ type: 'trading-state', at: 1, from: 'ACTIVE', to: 'HALTED', reason: 'test' });
    await writer.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(
      '{"type":"earlier"}\n{"type":"trading-state","at":1,"from":"ACTIVE","to":"HALTED","reason":"test"}\n',
    );
  });

  it('reports a file it cannot open when it is closed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'guard-audit-mode-')), 'missing', 'audit.jsonl');
    const writer = createJsonlAuditWriter(file);
    writer.listener({ type: 'trading-state', at: 1, from: 'ACTIVE', to: 'HALTED', reason: 'test' });
    await expect(writer.close()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
