import { accountIdOf } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig, type SessionEvent, startSession } from '../src/index.js';
import { loopbackHead, startLoopbackExchange, wideGrid } from './support/loopback-exchange.js';
import { waitFor } from './support/memory-io.js';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Kraken's pro tier REST counter: 20 units, decaying 1 per second. */
const PRO_REST = { max: 20, decayPerSecond: 1 };
/** Cycles at 100 ms, a reconciliation due every second: ten cycles per reconciliation when the counter allows. */
const CYCLES_PER_RECONCILE = 10;

describe('a reconciliation that falls due while the key counter is full', () => {
  it('stays due while the loop goes on ticking, and goes once the counter has drained', async () => {
    const exchange = await startLoopbackExchange('runner-reconcile-room', { tier: 'pro' });
    cleanups.push(() => exchange.close());
    const store = createMemoryStore();
    const events: SessionEvent[] = [];
    // REST Ticker every cycle (a public call, off the key's counter): each cycle shows at the exchange.
    const config = `${loopbackHead(exchange.running.url, '', 'pro')}
run:
  pollInterval: 100ms
  reconcileInterval: 1s
  marketData: rest
bots:
${wideGrid()}`;
    const requests: Array<{ endpoint: string; error: string | undefined }> = [];
    cleanups.push(
      exchange.running.exchange.on('request', ({ endpoint, error }) => {
        requests.push({ endpoint, error });
      }),
    );
    const session = await startSession(loadBotConfig(config, { file: 'bot.yaml' }), {
      env: exchange.env,
      store,
      onEvent: (event) => events.push(event),
    });
    cleanups.push(() => session.stop());
    const reconciled = () => events.filter((event) => event.type === 'reconciled').length;
    await waitFor(() => reconciled() >= 1, 'a first reconciliation');

    // Another process on the key (as the store shares its REST counter) spends the whole budget.
    const account = accountIdOf(exchange.env.KK_TEST_API_KEY as string);
    const level = await store.counterLevel(account, 'rest', PRO_REST.decayPerSecond);
    await store.charge(account, { counter: 'rest', cost: PRO_REST.max - level, ...PRO_REST, force: true });
    const reconciledBefore = reconciled();
    const from = requests.length;
    const tickersSince = () => requests.slice(from).filter((r) => r.endpoint === 'Ticker').length;

    // Twice as many cycles as a reconciliation is due in: a loop held by the limiter behind a reconciliation
    // could not get this far before that reconciliation had gone through.
    await waitFor(() => tickersSince() >= 2 * CYCLES_PER_RECONCILE, 'cycles while the counter is full');
    expect(reconciled()).toBe(reconciledBefore);
    expect(requests.slice(from).map((r) => r.endpoint)).not.toContain('OpenPositions');
    // The session sees the key's level, the other process's spending included.
    const client = [...session.connection.clients.values()][0];
    expect(client?.rateBudget().rest.counter).toBeGreaterThan(PRO_REST.max - 4);

    // It stayed due: once the counter has room again, the next cycle reconciles.
    await waitFor(() => reconciled() > reconciledBefore, 'the reconciliation once the counter drained');
    // Skipped cycles are no failures: nothing was refused, nothing warned of.
    expect(requests.filter((r) => r.error !== undefined)).toEqual([]);
    expect(events.filter((event) => event.type === 'warning')).toEqual([]);
  });
});
