import { randomBytes } from 'node:crypto';
import { createClient, PERMISSIONS, silentLogger } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import { type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import { createMemoryStore } from '@krakenkit/store';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import type { ControlRecord } from '../src/dashboard/controls/control-record.js';
import { startDashboard } from '../src/dashboard/server.js';
import { openConnection } from '../src/engine/connect.js';
import { dashboardGuardInstance } from '../src/engine/session-guard.js';

const credentials = () => ({
  apiKey: `k-${randomBytes(8).toString('hex')}`,
  apiSecret: randomBytes(64).toString('base64'),
});

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// `viewer`, a read-only key, comes first in the file; only `trader` may place the closing order.
function yaml(url: string, traderPermissions: string): string {
  return `exchange: { kind: kraken, restUrl: "${url}" }
account: { tier: pro }
keys:
  viewer:
    apiKey: { env: KK_VIEWER_KEY }
    secret: { env: KK_VIEWER_SECRET }
    permissions: [funds_query, trades_query_open]
  trader:
    apiKey: { env: KK_TRADER_KEY }
    secret: { env: KK_TRADER_SECRET }
    permissions: [${traderPermissions}]
run:
  deadManSwitch: false
bots:
  - { name: dca, key: trader, strategy: dca, pairs: [XBT/USD], params: { amount: "100", every: 1h } }
`;
}

/** A margin long on the account, then a dashboard over both keys, the read-only one first. */
async function dashboardOverALong(traderPermissions: string) {
  const viewer = credentials();
  const trader = credentials();
  const exchange: RunningMockExchange = await startMockExchange({
    seed: 'dashboard-close-key',
    accounts: [{ id: 'live', tier: 'pro', keys: [viewer, trader], balances: { ZUSD: '50000' } }],
  });
  cleanups.push(() => exchange.close());
  const hand = createClient({
    baseUrl: exchange.url,
    key: { name: 'hand', ...trader, permissions: [PERMISSIONS.trades_modify] },
    logger: silentLogger(),
  });
  try {
    await hand.addOrder({
      pair: 'XXBTZUSD',
      type: 'buy',
      ordertype: 'market',
      volume: new Decimal('0.01'),
      leverage: 2,
    });
  } finally {
    // One live client per key: the dashboard's takes the key's nonces from here on.
    await hand.close();
  }
  const env = {
    KK_VIEWER_KEY: viewer.apiKey,
    KK_VIEWER_SECRET: viewer.apiSecret,
    KK_TRADER_KEY: trader.apiKey,
    KK_TRADER_SECRET: trader.apiSecret,
  };
  const config = loadBotConfig(yaml(exchange.url, traderPermissions), { file: 'close.yaml' });
  const store = createMemoryStore();
  const connection = await openConnection(config, {
    env,
    logger: silentLogger(),
    keys: ['viewer', 'trader'],
    store,
    guardInstance: dashboardGuardInstance(),
  });
  cleanups.push(() => connection.close());
  const dashboard = await startDashboard({
    source: { config, connection, store: { store, shown: 'memory' } },
  });
  cleanups.push(() => dashboard.close());
  const held = () => [...exchange.exchange.account('live').positions.values()].map((open) => open.id);
  const close = async (id: string) => {
    const response = await fetch(`${dashboard.origin}/api/positions/${id}/close`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${dashboard.apiToken}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    return { status: response.status, body: (await response.json()) as ControlRecord & { code?: string } };
  };
  return { connection, held, close };
}

describe('closing a position from the dashboard', () => {
  it('uses the first key that may trade, not the read-only key listed before it', async () => {
    const { connection, held, close } = await dashboardOverALong(
      'funds_query, trades_query_open, trades_modify, trades_close',
    );
    const [position] = connection.guard.positions();
    const id = position?.id as string;
    expect(held()).toContain(id);
    const { status, body } = await close(id);
    expect(status).toBe(200);
    expect(body).toMatchObject({ action: 'close-position', outcome: 'done' });
    expect(held()).not.toContain(id);
  });

  it('is refused with 409, naming what a key needs, when no open key may trade', async () => {
    const { connection, held, close } = await dashboardOverALong('funds_query, trades_query_open');
    const id = connection.guard.positions()[0]?.id as string;
    const { status, body } = await close(id);
    expect(status).toBe(409);
    expect(JSON.stringify(body)).toContain('trades_modify');
    expect(held()).toContain(id);
  });
});
