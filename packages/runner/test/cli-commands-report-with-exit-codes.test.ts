import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('krakenkit CLI commands', () => {
  it('prints help for the CLI and for every command, and refuses unknown commands with exit 2', async () => {
    const io = memoryIo({ cwd: ROOT });
    expect(await runCli(['--help'], io)).toBe(EXIT.ok);
    expect(io.out()).toMatch(/run <bot.yaml>[\s\S]*130 {2}interrupted/);
    for (const argv of [
      ['run', '--help'],
      ['validate', '-h'],
      ['mock', '--help'],
      ['keys', 'audit', '--help'],
      ['guard', 'check', '--help'],
      ['keys', '--help'],
    ]) {
      const each = memoryIo({ cwd: ROOT });
      expect(await runCli(argv, each)).toBe(EXIT.ok);
      expect(each.out()).toMatch(/^Usage: krakenkit/);
    }
    const none = memoryIo();
    expect(await runCli([], none)).toBe(EXIT.usage);
    const unknown = memoryIo();
    expect(await runCli(['launch'], unknown)).toBe(EXIT.usage);
    expect(unknown.err()).toMatch(/unknown command "launch"/);
    const badFlag = memoryIo();
    expect(await runCli(['validate', 'x.yaml', '--frobnicate'], badFlag)).toBe(EXIT.usage);
    expect(badFlag.err()).toMatch(/krakenkit validate: .*frobnicate[\s\S]*krakenkit validate --help/);
  });

  it('validate: exit 0 for the demo config, exit 2 with file:line:column for a broken one', async () => {
    const ok = memoryIo({ cwd: ROOT });
    expect(await runCli(['validate', 'config/demo-bot.yaml'], ok)).toBe(EXIT.ok);
    expect(ok.out()).toMatch(/config\/demo-bot.yaml: valid[\s\S]*5 bots/);
    const dir = tempDir({
      'bad.yaml': paperConfig(GRID_BOT)
        .replace('volume: "0.01"', 'volume: 0.01')
        .replace('pollInterval: 200ms', 'pollInterval: fast'),
    });
    const bad = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'bad.yaml'], bad)).toBe(EXIT.usage);
    expect(bad.err()).toMatch(/2 problems in the config/);
    expect(bad.err()).toMatch(/bad\.yaml:\d+:\d+: run\.pollInterval: expected a duration/);
    expect(bad.err()).toMatch(
      /bad\.yaml:\d+:\d+: bots\[0\]\.params\.volume: expected a decimal string, got number 0\.01/,
    );
  });

  it('keys audit: exit 0 for least-privilege keys, exit 3 for a trading key that can withdraw', async () => {
    const clean = memoryIo({ cwd: ROOT });
    expect(await runCli(['keys', 'audit', 'config/keys.example.yaml'], clean)).toBe(EXIT.ok);
    expect(clean.out()).toMatch(/key treasury {2}\(use: withdrawal/);
    const dir = tempDir({
      'keys.yaml':
        'keys:\n  bot:\n    permissions: [funds_query, trades_query_open, trades_modify, funds_withdraw]\n',
    });
    const risky = memoryIo({ cwd: dir });
    expect(await runCli(['keys', 'audit', 'keys.yaml'], risky)).toBe(EXIT.refused);
    expect(risky.out()).toMatch(/error +KEY_CAN_WITHDRAW/);
    expect(risky.out()).toMatch(/warning +KEY_NO_IP_ALLOWLIST|error +KEY_NO_IP_ALLOWLIST/);
  });

  it('keys audit of a bot file checks every call the runner makes with a bot key', async () => {
    const dir = tempDir({
      'bot.yaml': paperConfig(GRID_BOT).replace('trades_query_open, trades_query_closed, ', ''),
    });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['keys', 'audit', 'bot.yaml'], io)).toBe(EXIT.refused);
    expect(io.out()).toMatch(/RUNNER_NEEDS_PERMISSION: key "trader" cannot call (QueryOrders|OpenPositions)/);
  });

  it('guard check: explains an allowed order (exit 0) and a rejected one with every violation (exit 3)', async () => {
    const allowed = memoryIo({ cwd: ROOT });
    const small = '{"pair":"BTC/USD","side":"buy","orderType":"limit","volume":"0.01","price":"60000"}';
    expect(await runCli(['guard', 'check', 'config/demo-bot.yaml', '--order', small], allowed)).toBe(EXIT.ok);
    expect(allowed.out()).toMatch(/order: +buy 0\.01 XBT\/USD limit @ 60000 \(spot\)[\s\S]*ALLOWED/);
    const rejected = memoryIo({ cwd: ROOT });
    const big =
      '{"pair":"XBTUSD","side":"buy","orderType":"limit","volume":"0.5","price":"65000","leverage":"5"}';
    expect(await runCli(['guard', 'check', 'config/demo-bot.yaml', '--order', big], rejected)).toBe(
      EXIT.refused,
    );
    expect(rejected.out()).toMatch(/REJECTED: 2 rules broken/);
    expect(rejected.out()).toMatch(/\[tier-leverage\] EGeneral:Invalid arguments:leverage/);
    expect(rejected.out()).toMatch(
      /\[margin-allowance\] EOrder:Margin allowance exceeded[\s\S]*requested 32500, limit 20000 USD/,
    );
    const keep = memoryIo({ cwd: ROOT });
    expect(
      await runCli(
        [
          'guard',
          'check',
          'config/demo-bot.yaml',
          '--order',
          '{"pair":"KEEP/USD","side":"buy","orderType":"market","volume":"100"}',
        ],
        keep,
      ),
    ).toBe(EXIT.refused);
    expect(keep.out()).toMatch(/EOrder:Reduce only:No position exists/);
  });

  it('guard check: a bad order is a usage error (exit 2), money as a number included', async () => {
    const notJson = memoryIo({ cwd: ROOT });
    expect(await runCli(['guard', 'check', 'config/demo-bot.yaml', '--order', '{pair'], notJson)).toBe(
      EXIT.usage,
    );
    expect(notJson.err()).toMatch(/--order is not JSON/);
    const number = memoryIo({ cwd: ROOT });
    expect(
      await runCli(
        ['guard', 'check', 'config/demo-bot.yaml', '--order', '{"pair":"XBTUSD","side":"buy","volume":0.1}'],
        number,
      ),
    ).toBe(EXIT.usage);
    expect(number.err()).toMatch(/--order: volume: expected a decimal string, got number 0\.1/);
    const missing = memoryIo({ cwd: ROOT });
    expect(await runCli(['guard', 'check', 'config/demo-bot.yaml'], missing)).toBe(EXIT.usage);
  });

  it('mock: serves the exchange on loopback, prints its URL and a demo key, stops on Ctrl-C with exit 0', async () => {
    const io = memoryIo();
    const done = runCli(['mock', '--seed', 'cli-test'], io);
    await waitFor(() => io.out().includes('Ctrl-C stops'), 'the mock banner');
    const url = /REST: +(http:\/\/127\.0\.0\.1:\d+)/.exec(io.out())?.[1];
    expect(io.out()).toMatch(/API key krakenkit-demo-key\n {2}secret +\S{40,}/);
    const answer = await fetch(`${url}/0/public/Time`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ error: [] });
    io.interrupt('SIGINT');
    expect(await done).toBe(EXIT.ok);
    const port = memoryIo();
    expect(await runCli(['mock', '--port', 'eighty'], port)).toBe(EXIT.usage);
  });

  it('run: refuses live trading without --live, and a bot key that fails the start-up audit (exit 3)', async () => {
    const live = tempDir({
      'live.yaml': paperConfig(GRID_BOT)
        .replace('exchange: { kind: mock, seed: runner-tests }', 'exchange: { kind: kraken }')
        .replace(/ {2}balances: .*\n/, '')
        .replace('    permissions:', '    apiKey: { env: K }\n    secret: { env: S }\n    permissions:'),
    });
    const liveIo = memoryIo({ cwd: live });
    expect(await runCli(['run', 'live.yaml'], liveIo)).toBe(EXIT.usage);
    expect(liveIo.err()).toMatch(/trades real money: add --live/);
    const validateIo = memoryIo({ cwd: live, env: { K: 'key' } });
    expect(await runCli(['validate', 'live.yaml'], validateIo)).toBe(EXIT.ok);
    expect(validateIo.out()).toMatch(
      /exchange kraken[\s\S]*warnings[\s\S]*keys\.trader\.secret: environment variable S is not set/,
    );
    const risky = tempDir({
      'risky.yaml': paperConfig(GRID_BOT).replace('trades_close]', 'trades_close, funds_withdraw]'),
    });
    const riskyIo = memoryIo({ cwd: risky });
    expect(await runCli(['run', 'risky.yaml', '--duration', '1s'], riskyIo)).toBe(EXIT.refused);
    expect(riskyIo.err()).toMatch(/start-up key audit failed; nothing was started[\s\S]*KEY_CAN_WITHDRAW/);
  });

  it('run: --shutdown-timeout takes a duration from 1s to 1h, anything else is a usage error (exit 2)', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
    for (const bad of ['500ms', 'soon']) {
      const io = memoryIo({ cwd: dir });
      expect(await runCli(['run', 'bot.yaml', '--shutdown-timeout', bad], io)).toBe(EXIT.usage);
      expect(io.err()).toContain(
        `--shutdown-timeout: expected a duration from 1s to 1h, e.g. 10s, 1m; got "${bad}"`,
      );
    }
    const io = memoryIo({ cwd: dir });
    const args = [
      'run',
      'bot.yaml',
      '--duration',
      '1s',
      '--shutdown-timeout',
      '1h', // the upper bound itself
      '--log-file',
      join(dir, 'log'),
    ];
    expect(await runCli(args, io)).toBe(EXIT.ok);
  });

  it('run: a pair the exchange does not list is a config error with its place (exit 2)', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT.replace('[XBT/USD]', '[XBT/USD, DOGE/JPY]')) });
    const io = memoryIo({ cwd: dir });
    const code = await runCli(['run', 'bot.yaml', '--duration', '1s', '--log-file', join(dir, 'log')], io);
    expect(io.err()).toMatch(/bot\.yaml/);
    expect(code).toBe(EXIT.usage);
    expect(io.err()).toMatch(
      /bot\.yaml:\d+:\d+: bots\[0\]\.pairs\[1\]: no pair "DOGE\/JPY" on this exchange/,
    );
  });

  it('runs as a real executable from source (the way the root demo script runs it)', () => {
    const child = spawnSync(
      process.execPath,
      [
        '--conditions=@krakenkit/source',
        '--import',
        'tsx',
        'packages/runner/src/cli.ts',
        'validate',
        'config/demo-bot.yaml',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 100_000, // a hang bound only: spawnSync blocks the test timeout
      },
    );
    expect(child.stderr).toBe('');
    expect(child.stdout).toMatch(/valid/);
    expect(child.status).toBe(0);
  });
});
