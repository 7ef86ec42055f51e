import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, createClient } from '@krakenkit/client';
import { createGuard, loadGuardConfig, type OrderIntent } from '@krakenkit/guard';
import { startMockExchange } from '@krakenkit/mock-exchange';
import { loadBotConfig } from '@krakenkit/runner';
import { type CliIo, EXIT, runCli } from '@krakenkit/runner/cli';
import { testSeed, waitFor } from '@krakenkit/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The adversarial review of issue 13, kept as a suite: secrets pasted where names go, files others can read, and
// orders a finger slipped on. Everything runs on loopback (the embedded mock, or one started here); waits are for
// events, each bounded by HANG only to end a hang.
const SEED = testSeed();
const ROOT = new URL('..', import.meta.url).pathname;
const HANG = 90_000;
const bounded = () => AbortSignal.timeout(HANG);

function memoryIo(cwd: string, env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const listeners = new Set<(signal: 'SIGINT' | 'SIGTERM') => void>();
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        out += text;
        return true;
      },
      isTTY: false,
      columns: 160,
    },
    stderr: {
      write: (text: string) => {
        err += text;
        return true;
      },
    },
    env,
    cwd,
    onInterrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    io,
    out: () => out,
    err: () => err,
    interrupt: () => {
      for (const listener of [...listeners]) listener('SIGINT');
    },
  };
}

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'krakenkit-hostile-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function expectNoPartOf(secret: string, text: string): void {
  for (let start = 0; start + 12 <= secret.length; start += 3)
    expect(text.includes(secret.slice(start, start + 12)), `part of a secret echoed in: ${text}`).toBe(false);
}

/** Secrets in the shapes people paste: base64 (Kraken private keys), hex tokens, Kraken-style API keys. */
const secretArb = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.uint8Array({ minLength: 16, maxLength: 40 }).map((bytes) => `f${Buffer.from(bytes).toString('hex')}`),
  fc
    .uint8Array({ minLength: 42, maxLength: 42 })
    .map((bytes) => `K${Buffer.from(bytes).toString('base64').replace(/[+/=]/g, '7')}`),
);

const KEY = `    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
    ipAllowlist: [203.0.113.10/32]
`;
const BOT = `  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
`;

/** Every place in a bot file where a name or a path is expected, with the secret pasted there. */
const PLACES: ReadonlyArray<[string, (secret: string) => string]> = [
  [
    'secret.env',
    (s) =>
      `account: { tier: intermediate }\nkeys:\n  trader:\n    secret: { env: "${s}" }\n${KEY}bots:\n${BOT}`,
  ],
  [
    'apiKey.env',
    (s) =>
      `account: { tier: intermediate }\nkeys:\n  trader:\n    apiKey: { env: "${s}" }\n${KEY}bots:\n${BOT}`,
  ],
  [
    'secret.file',
    (s) =>
      `account: { tier: intermediate }\nkeys:\n  trader:\n    secret: { file: "${s}" }\n${KEY}bots:\n${BOT}`,
  ],
  ['key name', (s) => `account: { tier: intermediate }\nkeys:\n  "${s}":\n${KEY}bots:\n${BOT}`],
  [
    'bot key',
    (s) =>
      `account: { tier: intermediate }\nkeys:\n  trader:\n${KEY}bots:\n${BOT.replace('key: trader', `key: "${s}"`)}`,
  ],
  [
    'bot name',
    (s) =>
      `account: { tier: intermediate }\nkeys:\n  trader:\n${KEY}bots:\n${BOT.replace('name: grid', `name: "${s}"`)}`,
  ],
  [
    'strategy',
    (s) =>
      `account: { tier: intermediate }\nkeys:\n  trader:\n${KEY}bots:\n${BOT.replace('strategy: grid', `strategy: "${s}"`)}`,
  ],
  [
    'permission',
    (s) =>
      `account: { tier: intermediate }\nkeys:\n  trader:\n${KEY.replace('funds_query,', `"${s}",`)}bots:\n${BOT}`,
  ],
  ['keysFile', (s) => `account: { tier: intermediate }\nkeysFile: "${s}"\nbots:\n${BOT}`],
  [
    'guard.file',
    (s) => `account: { tier: intermediate }\nkeys:\n  trader:\n${KEY}guard: { file: "${s}" }\nbots:\n${BOT}`,
  ],
  [
    'unknown key',
    (s) => `account: { tier: intermediate }\nkeys:\n  trader:\n    "${s}": x\n${KEY}bots:\n${BOT}`,
  ],
  [
    'loss limit bot',
    (s) =>
      `account: { tier: intermediate }\nkeys:\n  trader:\n${KEY}guard: { rules: { lossLimits: { bots: { "${s}": { maxDailyLossUsd: "1" } } } } }\nbots:\n${BOT}`,
  ],
];

describe('hostile configs: a secret given where a name or path is expected is refused and never echoed', () => {
  it('in every such place, for secrets of every common shape', () => {
    fc.assert(
      fc.property(secretArb, fc.constantFrom(...PLACES), (secret, [, build]) => {
        let message = '';
        try {
          loadBotConfig(build(secret), { file: 'bot.yaml', cwd: tempDir() });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          message = (error as ConfigError).message;
        }
        expect(message, 'the config must be refused').not.toBe('');
        expect(message).toMatch(/looks like a secret; it is not shown/);
        expectNoPartOf(secret, message);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('through the CLI too: validate and guard check print no part of it', async () => {
    const secret = randomBytes(64).toString('base64');
    const [, envPlace] = PLACES[0] ?? ['', () => ''];
    const dir = tempDir({ 'bot.yaml': envPlace(secret), 'ok.yaml': PLACES[1]?.[1]('KRAKEN_KEY') ?? '' });
    const validate = memoryIo(dir);
    expect(await runCli(['validate', 'bot.yaml'], validate.io)).toBe(EXIT.usage);
    expect(validate.err()).toMatch(
      /bot\.yaml:4:20: keys\.trader\.secret\.env: not a valid environment variable name \(88 characters, looks like a secret; it is not shown\)/,
    );
    const check = memoryIo(dir);
    const order = '{"pair":"XBT/USD","side":"buy","volume":"0.01","price":"60000"}';
    expect(await runCli(['guard', 'check', 'ok.yaml', '--order', order, '--key', secret], check.io)).toBe(
      EXIT.usage,
    );
    for (const text of [validate.out(), validate.err(), check.out(), check.err()])
      expectNoPartOf(secret, text);
  });

  it('in a guard rules file too: a table file path that is a secret is refused unshown', () => {
    fc.assert(
      fc.property(secretArb, fc.constantFrom('allowancesFile', 'tiersFile'), (secret, field) => {
        let message = '';
        try {
          loadGuardConfig(`tier: intermediate\n${field}: "${secret}"\n`, { file: 'guard.yaml' });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          message = (error as ConfigError).message;
        }
        expect(message).toMatch(new RegExp(`guard\\.yaml:2:\\d+: ${field}: not a usable file path \\(`));
        expectNoPartOf(secret, message);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('bounds what it reads: a megabyte where a name goes is refused by its length, quickly', () => {
    const huge = 'A'.repeat(1_000_000);
    const started = performance.now();
    let message = '';
    try {
      loadBotConfig(PLACES[0]?.[1](huge) ?? '', { file: 'bot.yaml' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /not a valid environment variable name \(1000000 characters; .*it is not shown\)/,
    );
    expect(message.length).toBeLessThan(2_000);
    // Not a timing assertion on the machine: a linear pass over 1 MB, with room for a loaded 2-core box.
    expect(performance.now() - started).toBeLessThan(HANG);
  });
});

describe('hostile filesystem: what the runner writes is private; what it reads must be', () => {
  it('log, audit trail and their directories are 0600 / 0700 even under umask 000', async () => {
    const dir = tempDir({
      'bot.yaml': `account: { tier: intermediate }\nkeys:\n  trader:\n${KEY}bots:\n${BOT}`,
    });
    const { io, err } = memoryIo(dir);
    const previous = process.umask(0);
    let code: number;
    try {
      code = await runCli(['run', 'bot.yaml', '--duration', '1ms', '--audit-log', 'deep/er/audit.jsonl'], io);
    } finally {
      process.umask(previous);
    }
    expect(err()).toBe('');
    expect(code).toBe(EXIT.ok);
    const mode = (path: string) => statSync(join(dir, path)).mode & 0o777;
    expect(mode('.krakenkit')).toBe(0o700);
    expect(mode('.krakenkit/bot.log')).toBe(0o600);
    expect(mode('deep')).toBe(0o700);
    expect(mode('deep/er')).toBe(0o700);
    expect(mode('deep/er/audit.jsonl')).toBe(0o600);
  });

  it('a world-readable secret file stops a live run before any request; the explicit override only warns', async () => {
    const secret = randomBytes(64).toString('base64');
    const exchange = await startMockExchange({
      accounts: [
        {
          id: 'live',
          tier: 'intermediate',
          apiKey: 'live-key',
          apiSecret: secret,
          balances: { ZUSD: '50000' },
        },
      ],
    });
    let requests = 0;
    exchange.server.prependListener('request', () => {
      requests += 1;
    });
    try {
      const dir = tempDir({
        'live.yaml': `exchange: { kind: kraken, restUrl: "${exchange.url}" }
account: { tier: intermediate }
keys:
  trader:
    apiKey: { env: KRAKEN_KEY }
    secret: { file: private/kraken.secret }
${KEY}bots:
${BOT}`,
      });
      mkdirSync(join(dir, 'private'), { mode: 0o755 });
      const file = join(dir, 'private', 'kraken.secret');
      writeFileSync(file, secret);
      chmodSync(file, 0o644);
      const refused = memoryIo(dir, { KRAKEN_KEY: 'live-key' });
      expect(await runCli(['run', 'live.yaml', '--live', '--duration', '1ms'], refused.io)).toBe(EXIT.usage);
      expect(refused.err()).toContain(
        `${file} (keys.trader.secret) is readable by group or others (mode 0644)`,
      );
      expect(refused.err()).toContain(`chmod 600 ${file}`);
      expect(requests).toBe(0);
      expectNoPartOf(secret, refused.err() + refused.out());

      const allowed = memoryIo(dir, { KRAKEN_KEY: 'live-key', KRAKENKIT_ALLOW_INSECURE_SECRET_FILES: '1' });
      const run = runCli(['run', 'live.yaml', '--live', '--status', 'plain'], allowed.io);
      await waitFor(() => /grid: placed/.test(allowed.out()), 'the grid bot placing orders', {
        signal: bounded(),
      });
      allowed.interrupt();
      expect(await run).toBe(EXIT.interrupted);
      expect(allowed.err()).toMatch(
        /warning: .*kraken\.secret \(keys\.trader\.secret\) is readable by group or others \(mode 0644\).*allowed by KRAKENKIT_ALLOW_INSECURE_SECRET_FILES/,
      );
      expectNoPartOf(secret, allowed.err() + allowed.out());
    } finally {
      await exchange.close();
    }
  });
});

describe('hostile orders: fat fingers are refused by the runner’s defaults', () => {
  const demo = 'config/demo-bot.yaml';
  const check = async (order: object) => {
    const io = memoryIo(ROOT);
    const code = await runCli(['guard', 'check', demo, '--order', JSON.stringify(order)], io.io);
    return { code, out: io.out() };
  };

  it('on the demo config: 10x limit buy, 1/10 limit sell, 3.25M USD market buy — each refused with its numbers', async () => {
    const tenX = await check({
      pair: 'XBT/USD',
      side: 'buy',
      orderType: 'limit',
      volume: '0.01',
      price: '650000',
    });
    expect(tenX.code).toBe(EXIT.refused);
    expect(tenX.out).toMatch(
      /EGuard:Price outside band[\s\S]*price 650000 is \d+(\.\d)? bps from the reference mid/,
    );
    const tenth = await check({
      pair: 'XBTUSD',
      side: 'sell',
      orderType: 'limit',
      volume: '0.01',
      price: '6500',
    });
    expect(tenth.code).toBe(EXIT.refused);
    expect(tenth.out).toMatch(/EGuard:Price outside band[\s\S]*the band is 1000 bps/);
    const huge = await check({ pair: 'BTC/USD', side: 'buy', orderType: 'market', volume: '50' });
    expect(huge.code).toBe(EXIT.refused);
    expect(huge.out).toMatch(
      /EGuard:Order notional exceeded[\s\S]*of the account equity \d+(\.\d+)? USD; the cap is 25%/,
    );
    const stale = await check({
      pair: 'XBT/USD',
      side: 'buy',
      orderType: 'market',
      volume: '0.01',
      referencePrice: '650000',
    });
    expect(stale.code).toBe(EXIT.refused);
    expect(stale.out).toMatch(/expected price 650000 is \d+(\.\d)? bps from the reference mid/);
    // A sane order still passes.
    expect(
      (await check({ pair: 'XBT/USD', side: 'buy', orderType: 'limit', volume: '0.01', price: '64000' }))
        .code,
    ).toBe(EXIT.ok);
  });

  it('a bot over its loss limits cannot add risk by any order shape, and can always reduce', async () => {
    const exchange = await startMockExchange({});
    const client = createClient({ baseUrl: exchange.url });
    const assetPairs = await client.assetPairs().finally(async () => {
      await client.close();
      await exchange.close();
    });
    const guard = createGuard(
      {
        tier: 'intermediate',
        lossLimits: { bots: { bot: { maxDailyLossUsd: '100', maxDrawdownUsd: '150' } } },
        assetPairs,
      },
      {
        balance: { ZUSD: '100000' },
        openOrders: { open: {} },
        openPositions: {},
        referencePrices: { XXBTZUSD: '50000' },
      },
    );
    const bot = guard.forBot('bot');
    const place = (intent: OrderIntent) => {
      const reservation = bot.reserve(intent);
      if (reservation.ref === undefined)
        throw new Error(reservation.violations.map((v) => v.message).join('; '));
      bot.apply({ type: 'order-accepted', ref: reservation.ref, txid: `T${reservation.ref}` });
      bot.apply({ type: 'order-filled', order: reservation.ref, volume: '1', price: '50000', fee: '0' });
    };
    place({ pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1', price: '50000' });
    guard.setReferencePrice('XBTUSD', '49800');
    const refusedShapes: OrderIntent[] = [
      { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '0.001' },
      { pair: 'XXBTZUSD', side: 'buy', orderType: 'limit', volume: '0.001', price: '49000' },
      { pair: 'BTC/USD', side: 'buy', orderType: 'stop-loss', volume: '0.001', price: '51000' },
      { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '1.001', price: '49800' },
      { pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '0.001', price: '49000', leverage: '2' },
      { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.001', price: '49800', leverage: '2' },
      { pair: 'XBTEUR', side: 'buy', orderType: 'limit', volume: '0.001', price: '45000' },
    ];
    for (const intent of refusedShapes)
      expect(
        bot.check(intent).violations.some((v) => v.rule === 'daily-loss'),
        JSON.stringify(intent),
      ).toBe(true);
    expect(bot.check({ pair: 'XBTUSD', side: 'sell', orderType: 'market', volume: '1' }).allowed).toBe(true);
    expect(
      bot.check({ pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.4', price: '49900' }).allowed,
    ).toBe(true);
  });
});
