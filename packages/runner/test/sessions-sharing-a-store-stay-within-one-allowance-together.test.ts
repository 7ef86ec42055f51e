/**
 * Two sessions (distinct bots, one API key, one exchange) each press margin longs against a USD allowance of the
 * guard. Sharing a state store, their guards fold one journal: together they never borrow past the allowance, and
 * their calls share the key's nonces and REST counter (no invalid nonce, no rate-limit error). Without the store,
 * each guard knows only its own orders, and together they pass it: the measure below can fail.
 */
import { join } from 'node:path';
import type { StateStore } from '@krakenkit/core/store';
import { type ExchangeMetrics, type MetricsReport, watchExchange } from '@krakenkit/mock-exchange/metrics';
import { createFileStore } from '@krakenkit/store';
import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { Session } from '../src/engine/session.js';
import type { SessionEvent } from '../src/engine/session-events.js';
import { startSession } from '../src/engine/start-session.js';
import { type LoopbackExchange, loopbackHead, startLoopbackExchange } from './support/loopback-exchange.js';
import { tempDir, waitFor } from './support/memory-io.js';
import { type Gate, pressStrategy } from './support/press-strategy.js';

const ALLOWANCE = '10000';
const ALLOWANCE_EXCEEDED = 'EOrder:Margin allowance exceeded';
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// Reconciliation is off: what each guard knows of the other session comes only through the shared journal.
function pressConfig(url: string, bot: string): string {
  return `${loopbackHead(url)}
guard:
  rules:
    allowances:
      USD: { allowance: "${ALLOWANCE}", fiat: true, aliases: [ZUSD] }
run:
  pollInterval: 200ms
  reconcileInterval: 0s
  deadManSwitch: { timeout: 60s, refresh: 20s }
bots:
  - name: ${bot}
    key: trader
    strategy: press
    pairs: [XBT/USD]
    params: { volume: "0.02" }
`;
}

interface Pressing {
  report: MetricsReport;
  events: SessionEvent[][];
}

/** Runs both sessions (with `store` for both, or each its own memory) until each bot was refused the allowance. */
async function pressTogether(exchange: LoopbackExchange, store: StateStore | undefined): Promise<Pressing> {
  const metrics: ExchangeMetrics = watchExchange(exchange.running.exchange, { limits: { USD: ALLOWANCE } });
  cleanups.push(() => metrics.stop());
  const gate: Gate = { open: false };
  const strategies = { press: pressStrategy(gate) };
  const events: SessionEvent[][] = [[], []];
  const sessions: Session[] = [];
  for (const [index, bot] of ['press-a', 'press-b'].entries()) {
    const config = loadBotConfig(pressConfig(exchange.running.url, bot), { file: `${bot}.yaml`, strategies });
    const session = await startSession(config, {
      env: exchange.env,
      ...(store === undefined ? {} : { store }),
      onEvent: (event) => events[index]?.push(event),
    });
    cleanups.push(() => session.stop());
    sessions.push(session);
  }
  gate.open = true;
  const refused = (list: readonly SessionEvent[]) =>
    list.some(
      (event) =>
        event.type === 'guard-rejected' && event.violations.some((v) => v.code === ALLOWANCE_EXCEEDED),
    );
  await waitFor(() => events.every(refused), 'each bot refused the USD allowance');
  gate.open = false;
  for (const session of sessions) await session.stop();
  return { report: metrics.report(), events };
}

function usdPool(report: MetricsReport) {
  const pool = report.pools.find((candidate) => candidate.currency === 'USD');
  if (pool === undefined) throw new Error(`no USD pool in ${JSON.stringify(report.pools)}`);
  return pool;
}

function errorCount(report: MetricsReport, ...codes: string[]): number {
  let count = 0;
  for (const code of codes) {
    count += report.requests.otherErrors[code] ?? 0;
    for (const key of report.keys) count += key.errors[code] ?? 0;
  }
  return count;
}

async function exchangeForTest(seed: string): Promise<LoopbackExchange> {
  const exchange = await startLoopbackExchange(seed);
  cleanups.push(() => exchange.close());
  return exchange;
}

describe('sessions sharing a state store on one key', () => {
  it('never borrow past the allowance together, with no invalid nonce and no rate-limit error', async () => {
    const exchange = await exchangeForTest('shared-allowance');
    const store = await createFileStore({ dir: join(tempDir(), 'state') });
    cleanups.push(() => store.close());
    const { report, events } = await pressTogether(exchange, store);

    const pool = usdPool(report);
    expect(pool.samplesOver, JSON.stringify(pool)).toBe(0);
    expect(new Decimal(pool.maxUsage).lte(ALLOWANCE)).toBe(true);
    // They did press: between them they hold most of the allowance, and each placed orders of its own.
    expect(new Decimal(pool.maxPositions).gte(new Decimal(ALLOWANCE).times(0.6))).toBe(true);
    for (const list of events) expect(list.some((event) => event.type === 'placed')).toBe(true);
    expect(errorCount(report, 'EAPI:Invalid nonce')).toBe(0);
    expect(errorCount(report, 'EAPI:Rate limit exceeded', 'EOrder:Rate limit exceeded')).toBe(0);
    expect(errorCount(report, ALLOWANCE_EXCEEDED)).toBe(0);
    expect(report.internalErrors).toBe(0);
  });

  it('without the shared store each guard knows only its own orders, and together they pass the allowance', async () => {
    const exchange = await exchangeForTest('shared-allowance');
    const { report } = await pressTogether(exchange, undefined);
    const pool = usdPool(report);
    expect(pool.samplesOver).toBeGreaterThan(0);
    expect(new Decimal(pool.maxPositions).gt(ALLOWANCE)).toBe(true);
  });
});
