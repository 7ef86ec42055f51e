import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { memoryIo, tempDir } from './support/memory-io.js';

// A live config (never contacted: validate reads the embedded mock's pair list) whose secret is a file.
const LIVE = `exchange: { kind: kraken, restUrl: "http://127.0.0.1:9" }
account: { tier: intermediate }
keys:
  trader:
    apiKey: { env: KRAKEN_API_KEY }
    secret: { file: api.secret }
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
bots:
  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
`;

function withOpenSecret() {
  const dir = tempDir({ 'bot.yaml': LIVE });
  const secretFile = join(dir, 'api.secret');
  writeFileSync(secretFile, `${randomBytes(64).toString('base64')}\n`);
  chmodSync(secretFile, 0o644);
  return { dir, secretFile };
}

describe('validate and a credential file group or others can read', () => {
  it('fails with exit 2 and the fix, without first printing that the file is valid', async () => {
    const { dir, secretFile } = withOpenSecret();
    const io = memoryIo({ cwd: dir, env: { KRAKEN_API_KEY: 'live-key' } });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.usage);
    expect(io.out()).not.toMatch(/valid/);
    expect(io.err()).toContain('KRAKENKIT_INSECURE_SECRET_FILE');
    expect(io.err()).toContain(`chmod 600 ${secretFile}`);
  });

  it('is reported even while another credential of the key is missing', async () => {
    const { dir, secretFile } = withOpenSecret();
    const io = memoryIo({ cwd: dir, env: {} });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.usage);
    expect(io.err()).toContain(`chmod 600 ${secretFile}`);
  });

  it('a missing variable alone stays a warning (exit 0), as documented', async () => {
    const { dir, secretFile } = withOpenSecret();
    chmodSync(secretFile, 0o600);
    const io = memoryIo({ cwd: dir, env: {} });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.ok);
    expect(io.out()).toMatch(/bot\.yaml: valid/);
    expect(io.out()).toMatch(/keys\.trader\.apiKey: environment variable KRAKEN_API_KEY is not set/);
  });
});
