/**
 * @krakenkit/runner used only through its public entries: the root to run bots from code (a config defined in
 * code, a strategy of one's own, a paper session whose orders all pass the guard), `/cli` to run the `krakenkit`
 * command in-process and render what it prints. Starting the runner never loads msw: a fresh process proves it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@krakenkit/client';
import {
  defineBotConfig,
  loadBotConfig,
  type SessionEvent,
  type Strategy,
  type StrategyDefinition,
  shiftBps,
  startSession,
  toLot,
  toTick,
} from '@krakenkit/runner';
import { type CliIo, EXIT, renderSummary, runCli } from '@krakenkit/runner/cli';
import { waitFor } from '@krakenkit/test-support';
import { modulesLoadedBy, packagesAmong } from '@krakenkit/test-support/loaded-modules';
import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';

const PACKAGE_DIR = new URL('..', import.meta.url);
const PERMISSIONS = [
  'funds_query',
  'trades_query_open',
  'trades_query_closed',
  'trades_modify',
  'trades_close',
];

/** One limit buy under the bid on the first tick, then nothing. */
const oneBuy: StrategyDefinition<Record<string, never>> = {
  name: 'one-buy',
  summary: 'one limit buy under the bid',
  params: { safeParse: () => ({ success: true, data: {} }) },
  create: (): Strategy => {
    let placed = false;
    return {
      onTick(tick) {
        if (placed) return [];
        placed = true;
        const price = toTick(tick.pair, shiftBps(tick.bid, -50), 'buy');
        const volume = toLot(tick.pair, new Decimal('0.001'));
        return [
          {
            type: 'place',
            order: { tag: 'b1', pair: tick.pair.id, side: 'buy', type: 'limit', volume, price },
          },
        ];
      },
    };
  },
};

const BOT_YAML = `exchange: { kind: mock, seed: public-entry }
account: { tier: intermediate, balances: { ZUSD: "10000" } }
keys:
  trader: { permissions: [${PERMISSIONS.join(', ')}], ipAllowlist: [203.0.113.10/32] }
bots:
  - { name: dca, key: trader, strategy: dca, pairs: [ETH/USD], params: { amount: "100", every: 1s } }
`;

/** A CliIo writing stdout and stderr to one string. */
function memoryIo(cwd: string): CliIo & { out(): string } {
  let out = '';
  const write = (text: string): boolean => {
    out += text;
    return true;
  };
  return {
    stdout: { write, isTTY: false, columns: 120 },
    stderr: { write },
    env: {},
    cwd,
    onInterrupt: () => () => undefined,
    out: () => out,
  };
}

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'krakenkit-public-runner-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('@krakenkit/runner through its public entries', () => {
  it('root: a bot defined in code trades on paper; the guard refuses what a reduce-only market forbids', async () => {
    const config = defineBotConfig(
      {
        exchange: { kind: 'mock', seed: 'public-entry' },
        account: { tier: 'intermediate', balances: { ZUSD: '20000' } },
        keys: { paper: { permissions: PERMISSIONS, ipAllowlist: ['203.0.113.10/32'] } },
        run: { pollInterval: '200ms' },
        bots: [
          { name: 'buyer', key: 'paper', strategy: 'one-buy', pairs: ['BTC/USD'], params: {} },
          {
            name: 'keep',
            key: 'paper',
            strategy: 'dca',
            pairs: ['KEEP/USD'],
            params: { amount: '100', every: '1s' },
          },
        ],
      },
      { name: 'public-entry', strategies: { 'one-buy': oneBuy } },
    );
    const events: SessionEvent[] = [];
    const session = await startSession(config, { onEvent: (event) => events.push(event) });
    cleanup.push(() => session.stop());
    const seen = (type: SessionEvent['type'], bot: string) =>
      events.some((event) => event.type === type && 'bot' in event && event.bot === bot);
    await waitFor(
      () => seen('placed', 'buyer') && seen('guard-rejected', 'keep'),
      'a placed and a refused order',
    );
    const summary = await session.stop();
    expect(summary.reason).toBe('stopped');
    const refusal = events.find((event) => event.type === 'guard-rejected');
    expect(refusal?.type === 'guard-rejected' && refusal.violations.map((v) => v.code)).toEqual([
      'EOrder:Reduce only:No position exists',
    ]);
    expect(renderSummary(summary, 'public-entry')).toMatch(/SUMMARY {2}public-entry/);
  });

  it('root: a YAML bot config loads, and a mistake is a ConfigError at file:line:column', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bot.yaml'), BOT_YAML);
    expect(loadBotConfig(join(dir, 'bot.yaml')).bots.map((bot) => bot.name)).toEqual(['dca']);
    const broken = BOT_YAML.replace('strategy: dca', 'strategy: nope');
    expect(() => loadBotConfig(broken, { file: 'bot.yaml' })).toThrow(ConfigError);
  });

  it('/cli: runCli validates a config in-process and answers with the stable exit codes', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bot.yaml'), BOT_YAML);
    writeFileSync(join(dir, 'broken.yaml'), BOT_YAML.replace('tier: intermediate', 'tier: platinum'));
    const ok = memoryIo(dir);
    expect(await runCli(['validate', 'bot.yaml'], ok)).toBe(EXIT.ok);
    expect(ok.out()).toMatch(/bot\.yaml: valid/);
    const broken = memoryIo(dir);
    expect(await runCli(['validate', 'broken.yaml'], broken)).toBe(EXIT.usage);
    expect(broken.out()).toMatch(/broken\.yaml:2:\d+: account\.tier/);
  });

  it('neither the library nor the command line entry loads msw or graphql', async () => {
    for (const entry of ['@krakenkit/runner', '@krakenkit/runner/cli']) {
      const loaded = packagesAmong(await modulesLoadedBy(entry, PACKAGE_DIR));
      expect(loaded, entry).toContain('ws'); // the embedded mock exchange's server is there…
      expect(loaded, entry).not.toContain('msw'); // …its msw adapter is not
      expect(loaded, entry).not.toContain('graphql');
    }
  });
});
