/**
 * Two sessions on one key share a state store (a directory, or Redis when one answers). The first, with the
 * dashboard, trades nothing and does not run another cycle (its poll interval is an hour); the second rests a
 * margin buy. The first's margin and guard pages show that order's USD borrowing and who reserved it: the
 * dashboard reads the shared journal itself, not only what its own session last read.
 */
import { join } from 'node:path';
import type { StateStore } from '@krakenkit/core/store';
import { createFileStore, createRedisStore } from '@krakenkit/store';
import { redisForTests } from '@krakenkit/test-support/redis';
import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { GuardView } from '../src/dashboard/data/guard-view.js';
import type { MarginView } from '../src/dashboard/data/margin-view.js';
import { startDashboard } from '../src/dashboard/server.js';
import type { Session } from '../src/engine/session.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { startSession } from '../src/engine/start-session.js';
import { loopbackHead, startLoopbackExchange } from './support/loopback-exchange.js';
import { tempDir, waitFor } from './support/memory-io.js';
import { countStrategy, restStrategy, seen } from './support/pause-strategies.js';

const redis = await redisForTests();
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function config(url: string, bot: string, strategy: string, poll: string): string {
  return `${loopbackHead(url)}
guard:
  rules:
    allowances:
      USD: { allowance: "10000", fiat: true, aliases: [ZUSD] }
run:
  pollInterval: ${poll}
  reconcileInterval: 0s
  deadManSwitch: false
bots:
  - { name: ${bot}, key: trader, strategy: ${strategy}, pairs: [XBT/USD] }
`;
}

async function showsTheOtherSessionsOrder(store: StateStore): Promise<void> {
  const exchange = await startLoopbackExchange('dashboard-shared-store');
  cleanups.push(() => exchange.close());
  const watched = seen();
  const strategies = { count: countStrategy(watched), rest: restStrategy() };
  const start = async (bot: string, strategy: string, poll: string, events?: SessionEvent[]) => {
    const yaml = config(exchange.running.url, bot, strategy, poll);
    const botConfig = loadBotConfig(yaml, { file: `${bot}.yaml`, strategies });
    const session: Session = await startSession(botConfig, {
      env: exchange.env,
      store,
      ...(events === undefined ? {} : { onEvent: (event) => events.push(event) }),
    });
    cleanups.push(() => session.stop());
    return { config: botConfig, connection: session.connection, session };
  };
  const watching = await start('watch', 'count', '1h');
  const watcher = watching.session;
  // Every page read goes to the store (by default at most once a second, which the page's refresh matches).
  const dashboard = await startDashboard({ source: watching, guardSyncMs: 0 });
  cleanups.push(() => dashboard.close());
  const read = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${dashboard.origin}${path}`, {
      headers: { Authorization: `Bearer ${dashboard.apiToken}` },
    });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  // The watcher's one cycle (its guard read the journal then) is over before the other session starts.
  await waitFor(() => watched.ticks > 0, "the watcher's first cycle");
  const usdOrders = (view: MarginView) => view.pools.find((pool) => pool.currency === 'USD')?.orders ?? '0';
  expect(usdOrders(await read<MarginView>('/api/margin'))).toBe('0');

  const events: SessionEvent[] = [];
  await start('rest', 'rest', '200ms', events);
  await waitFor(() => events.some((event) => event.type === 'placed'), 'the resting margin buy placed');
  // The watcher's own guard has not read the journal since: only the dashboard's read can show the order.
  expect(watcher.connection.guard.orders()).toEqual([]);

  const margin = await read<MarginView>('/api/margin');
  expect(margin.sharing).toMatchObject({ instance: 'watch', error: null });
  expect(new Decimal(usdOrders(margin)).gt(0)).toBe(true);
  const guard = await read<GuardView>('/api/guard');
  expect(guard.sharing?.instance).toBe('watch');
  expect(guard.orders.map((order) => [order.by, order.pair, order.side, order.margin])).toEqual([
    ['rest', 'XBTUSD', 'buy', true],
  ]);
  expect(guard.orders[0]?.held).toBe(usdOrders(margin));
}

describe("the dashboard of a session sharing a store shows the other session's reservations", () => {
  it('with a directory store', async () => {
    const store = await createFileStore({ dir: join(tempDir(), 'state') });
    cleanups.push(() => store.close());
    await showsTheOtherSessionsOrder(store);
  });

  describe('with Redis', redis.suiteOptions, () => {
    it('at 127.0.0.1:6379 (skipped when no Redis answers)', async () => {
      const store = await createRedisStore({ url: redis.url, keyPrefix: redis.keyPrefix });
      cleanups.push(() => redis.cleanup());
      cleanups.push(() => store.close());
      await showsTheOtherSessionsOrder(store);
    });
  });
});
