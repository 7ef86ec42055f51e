/**
 * @krakenkit/mock-exchange used only through its public entries, with @krakenkit/client through its root: the root
 * for the in-process core and the loopback server; `/msw` for msw handlers (msw is an optional peer dependency, so
 * nothing the root entry loads may import it: a fresh process proves it); `/services` for adapter authors.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from '@krakenkit/client';
import { ManualClock, MockExchange, mockTransport, startMockExchange } from '@krakenkit/mock-exchange';
import { krakenHandlers } from '@krakenkit/mock-exchange/msw';
import * as services from '@krakenkit/mock-exchange/services';
import { modulesLoadedBy, packagesAmong } from '@krakenkit/test-support/loaded-modules';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';

const PACKAGE_DIR = new URL('..', import.meta.url);
const apiSecret = randomBytes(64).toString('base64');
const PERMISSIONS = ['funds_query', 'trades_query_open', 'trades_modify'] as const;

function exchangeWithOneAccount(): MockExchange {
  return new MockExchange({
    seed: 'public-entry',
    clock: new ManualClock(),
    accounts: [{ id: 'me', tier: 'intermediate', apiKey: 'k', apiSecret, balances: { ZUSD: '100000' } }],
  });
}

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('@krakenkit/mock-exchange through its public entries', () => {
  it('root: the in-process core answers the client, and services read what the order borrowed', async () => {
    const exchange = exchangeWithOneAccount();
    exchange.setPrice('XBTUSD', '60000.0');
    const client = createClient({
      transport: mockTransport(exchange),
      tier: 'intermediate',
      key: { name: 'me', apiKey: 'k', apiSecret, permissions: PERMISSIONS },
    });
    cleanup.push(() => client.close());
    expect((await client.balance())['ZUSD']).toBe('100000.0000');
    const placed = await client.addOrder({
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '0.1',
      price: '50000',
      leverage: '2',
    });
    expect(Object.keys((await client.openOrders()).open)).toEqual(placed.txid);
    // An open margin buy borrows its cost from the USD pool: 0.1 × 50,000.
    expect(services.accountUsage(exchange.ctx, exchange.account('me'), 'USD').toFixed()).toBe('5000');
  });

  it('root: startMockExchange serves Kraken’s REST API on 127.0.0.1 until closed', async () => {
    const running = await startMockExchange({ seed: 'public-entry' });
    cleanup.push(() => running.close());
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const time = (await (await fetch(`${running.url}/0/public/Time`)).json()) as { error: string[] };
    expect(time.error).toEqual([]);
  });

  it('/msw: krakenHandlers route a fetch-based client’s calls to https://api.kraken.com to the core', async () => {
    const exchange = exchangeWithOneAccount();
    const server = setupServer(...krakenHandlers(exchange));
    server.listen({ onUnhandledRequest: 'error' });
    cleanup.push(() => server.close());
    const client = createClient({
      fetch: globalThis.fetch,
      tier: 'intermediate',
      key: { name: 'me', apiKey: 'k', apiSecret, permissions: PERMISSIONS },
    });
    cleanup.push(() => client.close());
    expect((await client.balance())['ZUSD']).toBe('100000.0000');
  });

  it('the root entry never loads msw or graphql; the /msw entry does', async () => {
    const root = packagesAmong(await modulesLoadedBy('@krakenkit/mock-exchange', PACKAGE_DIR));
    expect(root).toEqual(['decimal.js', 'ws', 'yaml']);
    const msw = packagesAmong(await modulesLoadedBy('@krakenkit/mock-exchange/msw', PACKAGE_DIR));
    expect(msw).toEqual(expect.arrayContaining(['msw', 'graphql']));
  });
});
