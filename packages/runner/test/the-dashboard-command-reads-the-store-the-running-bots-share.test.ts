/**
 * `krakenkit dashboard <bot.yaml> --store …` (a process of its own, no bot running in it) opens the store a running session shares on
 * the key: a directory, or Redis when one answers. A session rests a margin buy first; the dashboard started
 * afterwards shows that order on its guard page (reserved by the session's bots, not by the dashboard) and its
 * USD borrowing on the margin page; the session is listed among the key's active sessions (host, pid, bots, since
 * when). Once the session stops and cancels it, the order leaves both pages and the session the list.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { StateStore } from '@krakenkit/core/store';
import { createFileStore, createRedisStore } from '@krakenkit/store';
import { waitUntil } from '@krakenkit/test-support';
import { redisForTests } from '@krakenkit/test-support/redis';
import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { loadBotConfig } from '../src/config/load.js';
import type { GuardView } from '../src/dashboard/data/guard-view.js';
import type { MarginView } from '../src/dashboard/data/margin-view.js';
import type { SessionsView } from '../src/dashboard/data/sessions-view.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { startSession } from '../src/engine/start-session.js';
import { spawnCli } from './support/cli-process.js';
import { loopbackHead, startLoopbackExchange } from './support/loopback-exchange.js';
import { tempDir, waitFor } from './support/memory-io.js';
import { restStrategy } from './support/pause-strategies.js';

const redis = await redisForTests();
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// The session's file and the dashboard's differ only in the strategy: the test's own resting buy is no strategy the
// CLI knows, and the dashboard runs none.
function config(url: string, strategy: 'rest' | 'dca'): string {
  const params = strategy === 'dca' ? ', params: { amount: "100", every: 1h }' : '';
  return `${loopbackHead(url)}
guard:
  rules:
    allowances:
      USD: { allowance: "10000", fiat: true, aliases: [ZUSD] }
run:
  pollInterval: 200ms
  reconcileInterval: 0s
  deadManSwitch: false
bots:
  - { name: rest, key: trader, strategy: ${strategy}, pairs: [XBT/USD]${params} }
`;
}

const URL_LINE = /(http:\/\/127\.0\.0\.1:(\d+))\/\?token=/;

async function showsTheRunningSessionsOrder(store: StateStore, spec: string, shown: string): Promise<void> {
  const exchange = await startLoopbackExchange('dashboard-cli-store');
  cleanups.push(() => exchange.close());
  const events: SessionEvent[] = [];
  const startedBefore = Date.now();
  const session = await startSession(
    loadBotConfig(config(exchange.running.url, 'rest'), {
      file: 'rest.yaml',
      strategies: { rest: restStrategy() },
    }),
    { env: exchange.env, store, onEvent: (event) => events.push(event) },
  );
  cleanups.push(() => session.stop());
  await waitFor(() => events.some((event) => event.type === 'placed'), 'the resting margin buy placed');

  const cwd = tempDir({ 'bot.yaml': config(exchange.running.url, 'dca') });
  const cli = spawnCli(['dashboard', 'bot.yaml', '--live', '--store', spec], exchange.env, { cwd });
  cleanups.push(async () => {
    cli.child.kill('SIGINT');
    await cli.exited;
  });
  await waitFor(() => URL_LINE.test(cli.out()) || cli.child.exitCode !== null, 'the dashboard URL');
  expect(cli.err()).toBe('');
  expect(cli.out()).toContain(`state store ${shown}`);
  const [, origin, port] = URL_LINE.exec(cli.out()) as RegExpExecArray;
  const { apiToken } = JSON.parse(
    readFileSync(join(cwd, '.krakenkit', `bot-dashboard-${port}.json`), 'utf8'),
  ) as { apiToken: string };
  const read = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${origin}${path}`, { headers: { Authorization: `Bearer ${apiToken}` } });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  // The running session is an active session on the key; the dashboard itself runs none.
  const sessions = await read<SessionsView>('/api/sessions');
  expect(sessions.store).toBe(shown);
  expect(sessions.thisProcess).toMatchObject({ kind: 'dashboard', pid: cli.child.pid, bots: [] });
  expect(sessions.sessions).toEqual([
    expect.objectContaining({
      host: hostname(),
      pid: process.pid,
      bots: ['rest'],
      keys: ['trader'],
      thisProcess: false,
    }),
  ]);
  expect(sessions.sessions[0]?.startedAt).toBeGreaterThanOrEqual(startedBefore);
  expect(sessions.sessions[0]?.startedAt).toBeLessThanOrEqual(session.startedAt);

  const guard = await read<GuardView>('/api/guard');
  expect(guard.sharing).toMatchObject({ store: shown, error: null });
  expect(guard.sharing?.instance).toMatch(/^_dashboard:.+:\d+$/);
  expect(guard.orders.map((order) => [order.by, order.pair, order.side, order.margin])).toEqual([
    ['rest', 'XBTUSD', 'buy', true],
  ]);
  const margin = await read<MarginView>('/api/margin');
  const usd = margin.pools.find((pool) => pool.currency === 'USD');
  expect(new Decimal(usd?.orders ?? '0').gt(0)).toBe(true);
  expect(usd?.orders).toBe(guard.orders[0]?.held);
  expect(new Decimal(usd?.headroom ?? '0').plus(usd?.total ?? '0').toFixed()).toBe('10000');

  // The session stops and cancels its order: the dashboard reads the journal again and shows none.
  await session.stop();
  await waitUntil(
    async () => (await read<GuardView>('/api/guard')).orders.length === 0,
    "the stopped session's order gone from the guard page",
  );
  expect((await read<SessionsView>('/api/sessions')).sessions).toEqual([]);
  expect((await read<MarginView>('/api/margin')).pools.find((pool) => pool.currency === 'USD')?.orders).toBe(
    '0',
  );
  cli.child.kill('SIGINT');
  expect(await cli.exited).toBe(EXIT.ok);
  expect(cli.out()).toContain('dashboard stopped');
}

describe('krakenkit dashboard --store shows the reservations of the sessions sharing that store', () => {
  it('with a directory store', async () => {
    const dir = join(tempDir(), 'state');
    const store = await createFileStore({ dir });
    cleanups.push(() => store.close());
    await showsTheRunningSessionsOrder(store, dir, dir);
  });

  describe('with Redis', redis.suiteOptions, () => {
    it('at 127.0.0.1:6379 (skipped when no Redis answers)', async () => {
      const store = await createRedisStore({ url: redis.url, keyPrefix: redis.keyPrefix });
      cleanups.push(() => redis.cleanup());
      cleanups.push(() => store.close());
      const spec = new URL(redis.url);
      spec.searchParams.set('keyPrefix', redis.keyPrefix);
      await showsTheRunningSessionsOrder(store, spec.toString(), spec.toString());
    });
  });
});
