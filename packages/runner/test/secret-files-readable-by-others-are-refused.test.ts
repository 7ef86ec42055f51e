import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KrakenkitError } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { resolveKeys } from '../src/config/credentials.js';
import { loadBotConfig } from '../src/config/load.js';
import { InsecureSecretFileError } from '../src/config/secret-file.js';
import { memoryIo, tempDir } from './support/memory-io.js';

// A live config whose credentials come from files; the exchange is never contacted by these tests (port 9 is the
// discard port on loopback: nothing is listening there).
function liveConfig(extra = ''): string {
  return `exchange: { kind: kraken, restUrl: "http://127.0.0.1:9" }
account: { tier: intermediate }
keys:
  trader:
    apiKey: { file: secrets/api.key }
    secret: { file: secrets/api.secret }
${extra}    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
    ipAllowlist: [203.0.113.10/32]
bots:
  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
`;
}

function setup(secretMode: number, extra = '') {
  const dir = tempDir({ 'bot.yaml': liveConfig(extra) });
  const secrets = join(dir, 'secrets');
  mkdirSync(secrets, { mode: 0o700 });
  const keyFile = join(secrets, 'api.key');
  const secretFile = join(secrets, 'api.secret');
  writeFileSync(keyFile, 'live-key\n', { mode: 0o600 });
  writeFileSync(secretFile, `${randomBytes(64).toString('base64')}\n`);
  chmodSync(keyFile, 0o600);
  chmodSync(secretFile, secretMode);
  return { dir, secretFile };
}

function refusal(load: () => unknown): InsecureSecretFileError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(InsecureSecretFileError);
    return error as InsecureSecretFileError;
  }
  throw new Error('expected an InsecureSecretFileError');
}

describe('secret files readable by group or others are refused, as ssh refuses such keys', () => {
  it('refuses a 0644 secret with a typed error naming the file, its mode and the fix', () => {
    const { dir, secretFile } = setup(0o644);
    const config = loadBotConfig('bot.yaml', { cwd: dir });
    const error = refusal(() => resolveKeys(config, ['trader'], {}));
    expect(error).toBeInstanceOf(KrakenkitError);
    expect(error.code).toBe('KRAKENKIT_INSECURE_SECRET_FILE');
    expect(error.category).toBe('config');
    expect(error.files).toEqual([{ path: secretFile, mode: 0o644, field: 'keys.trader.secret' }]);
    expect(error.message).toContain(
      `${secretFile} (keys.trader.secret) is readable by group or others (mode 0644)`,
    );
    expect(error.message).toContain(`chmod 600 ${secretFile}`);
    expect(error.message).toContain('allowInsecureSecretFile: true');
    expect(error.message).toContain('KRAKENKIT_ALLOW_INSECURE_SECRET_FILES=1');
    // Group-readable alone is enough; 0600 and 0400 are fine.
    expect(() => resolveKeys(loadBotConfig('bot.yaml', { cwd: setup(0o640).dir }), ['trader'], {})).toThrow(
      InsecureSecretFileError,
    );
    for (const fine of [0o600, 0o400]) {
      const ok = setup(fine);
      const [key] = resolveKeys(loadBotConfig('bot.yaml', { cwd: ok.dir }), ['trader'], {});
      expect(key?.apiKey).toBe('live-key');
    }
  });

  it('downgrades the refusal to a warning with allowInsecureSecretFile: true on the key', () => {
    const { dir, secretFile } = setup(0o644, '    allowInsecureSecretFile: true\n');
    const warnings: string[] = [];
    const [key] = resolveKeys(
      loadBotConfig('bot.yaml', { cwd: dir }),
      ['trader'],
      {},
      {
        onWarning: (message) => warnings.push(message),
      },
    );
    expect(key?.apiKey).toBe('live-key');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      `${secretFile} (keys.trader.secret) is readable by group or others (mode 0644)`,
    );
    expect(warnings[0]).toContain('allowed by allowInsecureSecretFile');
  });

  it('downgrades the refusal to a warning with KRAKENKIT_ALLOW_INSECURE_SECRET_FILES=1', () => {
    const { dir } = setup(0o604);
    const warnings: string[] = [];
    const env = { KRAKENKIT_ALLOW_INSECURE_SECRET_FILES: '1' };
    resolveKeys(loadBotConfig('bot.yaml', { cwd: dir }), ['trader'], env, {
      onWarning: (message) => warnings.push(message),
    });
    expect(warnings.join('\n')).toMatch(/mode 0604.*allowed by KRAKENKIT_ALLOW_INSECURE_SECRET_FILES/);
    // Any other value does not count as consent.
    expect(() =>
      resolveKeys(loadBotConfig('bot.yaml', { cwd: dir }), ['trader'], {
        KRAKENKIT_ALLOW_INSECURE_SECRET_FILES: 'yes please',
      }),
    ).toThrow(InsecureSecretFileError);
  });

  it('krakenkit run refuses to start on such a file (exit 2) and says how to fix it', async () => {
    const { dir, secretFile } = setup(0o644);
    const io = memoryIo({ cwd: dir });
    const code = await runCli(['run', 'bot.yaml', '--live', '--status', 'plain'], io);
    expect(code).toBe(EXIT.usage);
    expect(io.err()).toContain(`chmod 600 ${secretFile}`);
    expect(io.err()).toContain('KRAKENKIT_INSECURE_SECRET_FILE');
    expect(io.out()).not.toMatch(/started/);
  });

  it('allowInsecureSecretFile must be a boolean (a typo is a config error)', () => {
    const { dir } = setup(0o600, '    allowInsecureSecretFile: "yes"\n');
    expect(() => loadBotConfig('bot.yaml', { cwd: dir })).toThrow(/keys\.trader\.allowInsecureSecretFile/);
  });
});
