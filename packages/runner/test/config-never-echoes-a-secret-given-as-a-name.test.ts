import { randomBytes } from 'node:crypto';
import { ConfigError } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { loadBotConfig } from '../src/config/load.js';
import { memoryIo, tempDir } from './support/memory-io.js';

// Secrets of the shapes people paste: a Kraken private key (base64 of 64 bytes), a hex token, a Kraken API key.
const BASE64 = randomBytes(64).toString('base64');
const HEX = `a${randomBytes(32).toString('hex').slice(1)}`;
const API_KEY = `K${randomBytes(42).toString('base64').replace(/[+/=]/g, 'x').slice(0, 55)}`;

function errorText(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

// Any 12 characters of the secret in the text count as an echo (a cut-off prefix is still a leak).
function expectNoPartOf(secret: string, text: string): void {
  for (let start = 0; start + 12 <= secret.length; start += 4)
    expect(text, `echoes part of the secret: ${text}`).not.toContain(secret.slice(start, start + 12));
}

const BOT = `  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
`;

function config(keyLines: string, rest = '', bots = BOT): string {
  return `account: { tier: intermediate }
keys:
  trader:
${keyLines}    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
${rest}bots:
${bots}`;
}

describe('a value given where a name or path is expected is never echoed', () => {
  it('says a secret pasted as the env variable name is not a valid name, without showing it', () => {
    for (const secret of [HEX, BASE64, API_KEY]) {
      const text = errorText(() =>
        loadBotConfig(config(`    secret: { env: "${secret}" }\n`), { file: 'bot.yaml' }),
      );
      expectNoPartOf(secret, text);
      expect(text).toContain(
        `bot.yaml:4:20: keys.trader.secret.env: not a valid environment variable name (${secret.length} characters, looks like a secret; it is not shown)`,
      );
    }
  });

  it('refuses an env name that is not a name at all without showing it, and still accepts real names', () => {
    const text = errorText(() =>
      loadBotConfig(config('    apiKey: { env: "my key=hunter2" }\n'), { file: 'bot.yaml' }),
    );
    expect(text).not.toContain('hunter2');
    expect(text).toMatch(
      /keys\.trader\.apiKey\.env: not a valid environment variable name \(14 characters; a name is letters, digits and "_", not starting with a digit; it is not shown\)/,
    );
    expect(() =>
      loadBotConfig(config('    apiKey: { env: KRAKEN_API_KEY_2 }\n    secret: { env: kraken_secret }\n')),
    ).not.toThrow();
  });

  it('says a secret pasted as a credential file path is not a path, without showing it', () => {
    const text = errorText(() =>
      loadBotConfig(config(`    secret: { file: "${BASE64}" }\n`), { file: 'bot.yaml' }),
    );
    expectNoPartOf(BASE64, text);
    expect(text).toContain(
      `keys.trader.secret.file: not a usable file path (${BASE64.length} characters, looks like a secret; it is not shown)`,
    );
  });

  it('never echoes a secret pasted as a key name, bot key, strategy, permission, keysFile or guard file', () => {
    const yaml = `account: { tier: intermediate }
keysFile: "${HEX}.yaml"
keys:
  "${BASE64}":
    permissions: [funds_query]
  trader:
    permissions: [funds_query, "${API_KEY}"]
guard: { file: "${HEX}" }
bots:
  - name: grid
    key: "${BASE64}"
    strategy: "${HEX}"
    pairs: [XBT/USD]
`;
    const text = errorText(() => loadBotConfig(yaml, { file: 'bot.yaml' }));
    for (const secret of [BASE64, HEX, API_KEY]) expectNoPartOf(secret, text);
    expect(text).toMatch(
      /keysFile: not a usable file path \(\d+ characters, looks like a secret; it is not shown\)/,
    );
    expect(text).toMatch(/guard\.file: not a usable file path \(64 characters, looks like a secret/);
    expect(text).toMatch(
      /bots\[0\]\.strategy: unknown strategy \(64 characters, looks like a secret; it is not shown\)/,
    );
    expect(text).toMatch(
      /keys\.trader\.permissions\[1\]: unknown permission \(56 characters, looks like a secret/,
    );
    expect(text).toMatch(/keys\.\(88 characters, looks like a secret; it is not shown\): /);
  });

  it('never echoes a secret given to guard check as --key or as the pair', async () => {
    const dir = tempDir({ 'bot.yaml': config('') });
    const io = memoryIo({ cwd: dir });
    const order = JSON.stringify({ pair: 'XBT/USD', side: 'buy', volume: '0.01', price: '60000' });
    expect(await runCli(['guard', 'check', 'bot.yaml', '--order', order, '--key', BASE64], io)).toBe(
      EXIT.usage,
    );
    expectNoPartOf(BASE64, io.err());
    expect(io.err()).toMatch(/--key: no key named \(88 characters, looks like a secret; it is not shown\)/);
    const pair = memoryIo({ cwd: dir });
    const byPair = JSON.stringify({ pair: HEX, side: 'buy', volume: '0.01', price: '1' });
    expect(await runCli(['guard', 'check', 'bot.yaml', '--order', byPair], pair)).toBe(EXIT.usage);
    expectNoPartOf(HEX, pair.err() + pair.out());
    expect(pair.err()).toMatch(
      /no pair \(64 characters, looks like a secret; it is not shown\) on this exchange/,
    );
  });
});
