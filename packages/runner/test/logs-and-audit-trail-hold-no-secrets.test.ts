import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { tempDir, waitFor } from './support/memory-io.js';
import { startPaper } from './support/paper-session.js';

const KEEP_BOT = `  - name: keep
    key: trader
    strategy: dca
    pairs: [KEEP/USD]
    params: { amount: "100", every: 200ms }
`;

describe('logs and the audit trail', () => {
  it('record every guard decision as JSONL and never contain the key secret', async () => {
    let logText = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logText += String(chunk);
        done();
      },
    });
    const audit = join(tempDir(), 'audit.jsonl');
    const session = await startPaper(paperConfig(GRID_BOT + KEEP_BOT), {
      logger: createLogger({ level: 'trace', destination: sink }),
      auditLog: audit,
    });
    await waitFor(() => (session.status().bots[1]?.guardRejected ?? 0) >= 2, 'two refusals');
    const apiKey = session.connection.apiKeys.get('trader') ?? '';
    const secret = session.connection.mock?.state.accounts.key(apiKey)?.secret.toString('base64') ?? '';
    expect(secret.length).toBeGreaterThan(40);
    const summary = await session.stop();
    const lines = readFileSync(audit, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const decisions = lines.filter((line) => line['type'] === 'decision');
    const refused = decisions.filter((line) => line['allowed'] === false);
    expect(refused).toHaveLength(summary.bots[1]?.guardRejected ?? -1);
    expect(refused[0]).toMatchObject({
      action: 'reserve',
      intent: { pair: 'KEEPUSD', side: 'buy' },
      violations: [{ code: 'EOrder:Reduce only:No position exists' }],
    });
    expect(decisions.filter((line) => line['allowed'] === true).length).toBeGreaterThanOrEqual(4);
    expect(lines.some((line) => line['type'] === 'event')).toBe(true);
    expect(logText).toMatch(/GUARD REJECTED/);
    for (const text of [logText, readFileSync(audit, 'utf8')]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(0, 24));
    }
  });
});
