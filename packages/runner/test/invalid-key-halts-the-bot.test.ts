import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { accountIdOf } from '@krakenkit/core/store';
import { createSharedGuard } from '@krakenkit/guard/shared';
import { startMockExchange } from '@krakenkit/mock-exchange';
import { createMemoryStore } from '@krakenkit/store';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../src/cli/commands/run.js';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { loadBotConfig } from '../src/config/load.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { startSession } from '../src/engine/start-session.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { loopbackConfig, startLoopbackExchange, wideGrid } from './support/loopback-exchange.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';
import { paperAccount, startPaper } from './support/paper-session.js';

describe('a key that stops working halts the bot', () => {
  it('EAPI:Invalid key (a revoked key) halts cleanly: nothing more is sent, the guard is HALTED', async () => {
    const events: SessionEvent[] = [];
    const session = await startPaper(paperConfig(GRID_BOT), { onEvent: (event) => events.push(event) });
    await waitFor(() => session.status().bots[0]?.open === 4, 'orders resting');
    const mock = session.connection.mock;
    const apiKey = session.connection.apiKeys.get('trader');
    if (mock === undefined || apiKey === undefined) throw new Error('expected a paper session');
    const account = paperAccount(session);
    const ordersBefore = account.orders.size;
    mock.exchange.revokeKey(apiKey);
    const summary = await session.finished;
    expect(summary.reason).toBe('halted');
    expect(summary.halted?.code).toBe('EAPI:Invalid key');
    expect(summary.tradingState).toBe('HALTED');
    expect(events.filter((event) => event.type === 'halted')).toHaveLength(1);
    // No order was added or cancelled after the halt: a revoked key is not hammered (Kraken locks it out).
    expect(account.orders.size).toBe(ordersBefore);
    expect([...account.openOrders()]).toHaveLength(4);
    expect(exitCodeFor(summary.reason)).toBe(EXIT.halted);
  });

  it("with a shared store the halt is this session's: the account's shared kill switch stays ACTIVE for the others", async () => {
    const exchange = await startLoopbackExchange('shared-halt');
    const store = createMemoryStore();
    try {
      const config = loadBotConfig(loopbackConfig(exchange.running.url, wideGrid()), { file: 'bot.yaml' });
      const session = await startSession(config, { env: exchange.env, store });
      await waitFor(() => session.status().bots[0]?.open === 6, 'the grid resting');
      exchange.running.exchange.revokeKey(exchange.env['KK_TEST_API_KEY'] as string);
      const summary = await session.finished;
      expect(summary.reason).toBe('halted');
      expect(summary.tradingState).toBe('HALTED');
      // Another session on the key (or this one after the lockout) reads the journal: nothing halted it there.
      const other = await createSharedGuard(
        { ...config.guardRules, assetPairs: session.connection.assetPairs },
        { store, account: accountIdOf(exchange.env['KK_TEST_API_KEY'] as string), instance: 'other' },
      );
      expect(other.tradingState().state).toBe('ACTIVE');
    } finally {
      await store.close();
      await exchange.close();
    }
  });

  it('exchange kind kraken reads the key from the environment, and a key refused at start-up exits 4', async () => {
    const secret = randomBytes(64).toString('base64');
    const exchange = await startMockExchange({
      accounts: [
        {
          id: 'live',
          tier: 'intermediate',
          apiKey: 'live-key',
          apiSecret: secret,
          balances: { ZUSD: '10000' },
        },
      ],
    });
    try {
      const live = paperConfig(GRID_BOT)
        .replace(
          'exchange: { kind: mock, seed: runner-tests }',
          `exchange: { kind: kraken, restUrl: "${exchange.url}" }`,
        )
        .replace(/ {2}balances: .*\n/, '')
        .replace(
          '    permissions:',
          '    apiKey: { env: KRAKEN_KEY }\n    secret: { env: KRAKEN_SECRET }\n    permissions:',
        );
      const dir = tempDir({ 'live.yaml': live });
      const args = [
        'run',
        'live.yaml',
        '--live',
        '--duration',
        '30m',
        '--log-file',
        join(dir, 'log'),
        '--audit-log',
        join(dir, 'audit'),
      ];
      const good = memoryIo({ cwd: dir, env: { KRAKEN_KEY: 'live-key', KRAKEN_SECRET: secret } });
      const running = runCli(args, good);
      await waitFor(() => /grid: placed buy/.test(good.out()), 'a live order placed with the right key');
      good.interrupt('SIGINT');
      expect(await running).toBe(EXIT.interrupted);
      expect(good.out()).toMatch(/on Kraken at http:\/\/127\.0\.0\.1[\s\S]*grid: placed buy/);
      const wrong = memoryIo({ cwd: dir, env: { KRAKEN_KEY: 'someone-else', KRAKEN_SECRET: secret } });
      expect(await runCli(args, wrong)).toBe(EXIT.halted);
      expect(wrong.err()).toMatch(/refused the key at start-up \(EAPI:Invalid key\); nothing was started/);
      const unset = memoryIo({ cwd: dir, env: {} });
      expect(await runCli(args, unset)).toBe(EXIT.usage);
      expect(unset.err()).toMatch(
        /live\.yaml:\d+:\d+: keys\.trader\.apiKey: environment variable KRAKEN_KEY is not set/,
      );
      expect(good.out() + wrong.err() + unset.err()).not.toContain(secret.slice(0, 20));
    } finally {
      await exchange.close();
    }
  });
});
