import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountIdOf, LeaseHeldError } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { loadBotConfig } from '../src/config/load.js';
import type { Session } from '../src/engine/session.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { startSession } from '../src/engine/start-session.js';
import { BotAlreadyRunningError } from '../src/state/bot-already-running.js';
import { type CliProcess, spawnCli } from './support/cli-process.js';
import {
  type LoopbackExchange,
  loopbackConfig,
  startLoopbackExchange,
  wideGrid,
} from './support/loopback-exchange.js';
import { tempDir, waitFor } from './support/memory-io.js';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function exchangeForTest(): Promise<LoopbackExchange> {
  const exchange = await startLoopbackExchange();
  cleanups.push(() => exchange.close());
  return exchange;
}

function track(child: CliProcess): CliProcess {
  cleanups.push(() => child.child.exitCode === null && child.child.kill('SIGKILL'));
  return child;
}

describe('one process per bot name and key', () => {
  it('refuses a second `krakenkit run` of the same bot (exit 5, naming the bot and the holder); the first runs on', async () => {
    const exchange = await exchangeForTest();
    const dir = tempDir();
    const config = join(dir, 'bot.yaml');
    writeFileSync(config, loopbackConfig(exchange.running.url, wideGrid()));
    const args = (name: string) => [
      ...['run', config, '--live', '--store', join(dir, 'state')],
      ...['--log-file', join(dir, `${name}.log`), '--audit-log', join(dir, `${name}.jsonl`)],
    ];
    const first = track(spawnCli(args('first'), exchange.env));
    await first.waitForLines('grid: placed', 6, 'the first grid resting');

    const second = track(spawnCli(args('second'), exchange.env));
    expect(await second.exited).toBe(EXIT.alreadyRunning);
    expect(second.err()).toMatch(
      new RegExp(
        `bot "grid" already runs on this key in session [^ ]+:${first.child.pid}:[0-9a-f]+ .*nothing was started`,
      ),
    );
    expect(second.out()).not.toMatch(/placed/);

    // The first session never noticed: it keeps its grid and goes on reconciling.
    const seen = first.out().length;
    await first.waitForLines(
      'reconciled with the exchange: 0 position(s), 6 open order(s)',
      1,
      'a later cycle',
      seen,
    );
    expect(exchange.openTxids()).toHaveLength(6);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(EXIT.interrupted);
    expect(exchange.openTxids()).toEqual([]);
  });

  it('throws BotAlreadyRunningError from startSession before a second session trades', async () => {
    const exchange = await exchangeForTest();
    const store = createMemoryStore();
    const config = loadBotConfig(loopbackConfig(exchange.running.url, wideGrid()), { file: 'bot.yaml' });
    const first = await startSession(config, { env: exchange.env, store });
    cleanups.push(() => first.stop());
    await waitFor(() => first.status().bots[0]?.open === 6, 'the first grid resting');
    const refused = await startSession(config, { env: exchange.env, store }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BotAlreadyRunningError);
    expect(refused).toBeInstanceOf(LeaseHeldError);
    expect(refused).toMatchObject({ code: 'KRAKENKIT_LEASE_HELD', bot: 'grid', lease: 'bot:grid' });
    expect(exchange.openTxids()).toHaveLength(6);
    // Its session lease went with it: only the first session is alive on the key.
    const account = accountIdOf(exchange.env['KK_TEST_API_KEY'] as string);
    expect(await store.listLeases(account, 'session:')).toHaveLength(1);
  });

  it('halts a bot whose lease another session took while it hung, and leaves its orders to that session', async () => {
    const exchange = await exchangeForTest();
    const store = createMemoryStore();
    const events: SessionEvent[] = [];
    const config = loadBotConfig(loopbackConfig(exchange.running.url, wideGrid()), { file: 'bot.yaml' });
    const session: Session = await startSession(config, {
      env: exchange.env,
      store,
      onEvent: (e) => events.push(e),
    });
    cleanups.push(() => session.stop());
    await waitFor(() => session.status().bots[0]?.open === 6, 'the grid resting');
    // As if the session hung past its lease and another one took the bot over.
    const account = accountIdOf(exchange.env['KK_TEST_API_KEY'] as string);
    const [lease] = await store.listLeases(account, 'bot:grid');
    await store.releaseLease(account, 'bot:grid', lease?.holder ?? '');
    expect(await store.acquireLease(account, 'bot:grid', 'elsewhere:1:abcd', 60_000)).toMatchObject({
      acquired: true,
    });
    await waitFor(() => events.some((event) => event.type === 'bot-halted'), 'the bot halted');
    expect(events.find((event) => event.type === 'bot-halted')).toMatchObject({
      bot: 'grid',
      code: 'KRAKENKIT_LEASE_LOST',
    });
    expect(session.status().bots[0]?.halted?.code).toBe('KRAKENKIT_LEASE_LOST');
    // A stop with onShutdown cancel leaves them: they are the other session's now.
    await session.stop();
    expect(exchange.openTxids()).toHaveLength(6);
    expect(await store.listRecords(account, 'bot:grid:order:')).toHaveLength(6);
  });
});
