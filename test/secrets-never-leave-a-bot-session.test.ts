import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockExchange } from '@krakenkit/mock-exchange';
import { type CliIo, EXIT, runCli } from '@krakenkit/runner/cli';
import { waitFor } from '@krakenkit/test-support';
import { describe, expect, it } from 'vitest';

// A live-mode bot (exchange kind kraken, pointed at the loopback mock) with debug logging, whose key is revoked
// while it trades: every text the session leaves behind is searched for the secret and every API-Sign it sent.
const CONFIG = (url: string) => `exchange: { kind: kraken, restUrl: "${url}" }
account:
  tier: intermediate
keys:
  trader:
    apiKey: { env: KRAKEN_KEY }
    secret: { env: KRAKEN_SECRET }
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
    ipAllowlist: [203.0.113.10/32]
run:
  pollInterval: 100ms
  deadManSwitch: { timeout: 60s, refresh: 20s }
bots:
  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
  - name: keep
    key: trader
    strategy: dca
    pairs: [KEEP/USD]
    params: { amount: "100", every: 100ms }
`;

function memoryIo(cwd: string, env: Record<string, string>) {
  let out = '';
  const write = (text: string): boolean => {
    out += text;
    return true;
  };
  const io: CliIo = {
    stdout: { write, isTTY: false, columns: 160 },
    stderr: { write },
    env,
    cwd,
    onInterrupt: () => () => undefined,
  };
  return { io, text: () => out };
}

describe('secrets in a full bot session', () => {
  it('never appear in output, logs (debug), errors, the audit trail or status snapshots, even when the key fails', async () => {
    const secret = randomBytes(64).toString('base64');
    const exchange = await startMockExchange({
      accounts: [
        {
          id: 'live',
          tier: 'intermediate',
          apiKey: 'live-key',
          apiSecret: secret,
          balances: { ZUSD: '100000', XXBT: '2' },
        },
      ],
    });
    const signatures: string[] = [];
    exchange.server.prependListener('request', (request) => {
      const sign = request.headers['api-sign'];
      if (typeof sign === 'string') signatures.push(sign);
    });
    const dir = mkdtempSync(join(tmpdir(), 'krakenkit-secrets-'));
    writeFileSync(join(dir, 'live.yaml'), CONFIG(exchange.url));
    const logFile = join(dir, 'session.log');
    const auditFile = join(dir, 'audit.jsonl');
    const { io, text } = memoryIo(dir, { KRAKEN_KEY: 'live-key', KRAKEN_SECRET: secret });
    try {
      const run = runCli(
        [
          'run',
          'live.yaml',
          '--live',
          '--log-level',
          'debug',
          '--log-file',
          logFile,
          '--audit-log',
          auditFile,
        ],
        io,
      );
      // The key is revoked only once the session has signed enough requests to make the search below mean
      // something, however long a busy machine takes to get there.
      await waitFor(
        () => /grid: placed/.test(text()) && /keep: GUARD REJECTED/.test(text()) && signatures.length > 10,
        'orders, a refusal and more than ten signed requests',
      );
      exchange.exchange.revokeKey('live-key');
      expect(await run).toBe(EXIT.halted);

      const output = text();
      const log = readFileSync(logFile, 'utf8');
      const audit = readFileSync(auditFile, 'utf8');
      // The session really happened, failed on the key, and logged at debug level.
      expect(output).toMatch(/EAPI:Invalid key/);
      expect(output).toMatch(/SUMMARY/);
      expect(log).toMatch(/"level":20/);
      expect(audit).toMatch(/"allowed":false/);
      expect(signatures.length).toBeGreaterThan(10);

      for (const [name, haystack] of Object.entries({ output, log, audit })) {
        for (const needle of [secret, secret.slice(0, 24), secret.slice(-24), ...signatures]) {
          expect(haystack.includes(needle), `${name} contains a secret or an API-Sign`).toBe(false);
        }
      }
    } finally {
      await exchange.close();
    }
  });
});
