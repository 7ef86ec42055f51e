import { createClient, type KrakenClient, KrakenError } from '@krakenkit/client';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningMockExchange, startMockExchange } from '../src/adapters/server.js';
import { mockTransport } from '../src/adapters/transport.js';
import { RICH, SMALL_ALLOWANCES } from './support/margin.js';
import { type World, world } from './support/world.js';

// The real @krakenkit/client against the mock: its signing, nonces and encodings meet the mock's independent
// verification. (If either side drifts from Kraken's rules, these fail.)
const ALL = [
  'funds_query',
  'trades_query_open',
  'trades_query_closed',
  'trades_modify',
  'trades_close',
  'ledger_query',
  'funds_withdraw',
  'websocket',
] as const;

function clientFor(w: World, extra: Parameters<typeof createClient>[0] = {}): KrakenClient {
  return createClient({
    key: { name: 'mock', apiKey: w.key.apiKey, apiSecret: w.key.apiSecret, permissions: [...ALL] },
    tier: 'intermediate',
    transport: mockTransport(w.exchange),
    retry: { reconcileDelayMs: 0, baseDelayMs: 1 },
    ...extra,
  });
}

let server: RunningMockExchange | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('@krakenkit/client against the mock exchange', () => {
  it('reads, places, lists and cancels through the in-process transport', async () => {
    const w = world();
    const client = clientFor(w);
    expect(await client.balance()).toMatchObject({ ZUSD: '100000.0000' });
    const placed = await client.addOrder({
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '0.01',
      price: '60000.0',
    });
    const txid = placed.txid?.[0] ?? '';
    expect(txid).toMatch(/^O/);
    const open = await client.openOrders();
    expect(Object.keys(open.open)).toContain(txid);
    await client.cancelOrder({ txid });
    expect(w.exchange.account('main').orders.get(txid)?.status).toBe('canceled');
    expect(w.exchange.internalErrors).toEqual([]);
    await client.close();
  });

  it("Kraken's margin rejection reaches the caller as a KrakenError with the exact code", async () => {
    const w = world({ balances: RICH }, { allowances: SMALL_ALLOWANCES });
    const client = clientFor(w);
    const order = {
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '2',
      price: '60000.0',
      leverage: '2',
    } as const;
    const error = await client.addOrder(order).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KrakenError);
    expect((error as KrakenError).code).toBe('EOrder:Margin allowance exceeded');
    await client.close();
  });

  it('a lost AddOrder response is reconciled by cl_ord_id: the order is found, not sent twice', async () => {
    const w = world();
    w.exchange.faults.add({ kind: 'lost-response', endpoints: ['AddOrder'], times: 1 });
    const client = clientFor(w);
    const result = (await client.addOrder({
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '0.01',
      price: '60000.0',
    })) as {
      txid?: string[];
      reconciled?: boolean;
    };
    expect(result.reconciled).toBe(true);
    expect(w.exchange.account('main').orders.size).toBe(1);
    expect(result.txid).toEqual([...w.exchange.account('main').orders.keys()]);
    await client.close();
  });

  it('works over the loopback HTTP server with the default transport', async () => {
    const w = world();
    server = await startMockExchange({ exchange: w.exchange });
    const client = createClient({
      baseUrl: server.url,
      key: { name: 'http', apiKey: w.key.apiKey, apiSecret: w.key.apiSecret, permissions: [...ALL] },
      tier: 'intermediate',
    });
    const pairs = await client.assetPairs({ pair: 'XBTUSD' });
    expect(Object.keys(pairs)).toEqual(['XXBTZUSD']);
    const placed = await client.addOrder({
      pair: 'XBTUSD',
      type: 'sell',
      ordertype: 'market',
      volume: '0.01',
    });
    expect(placed.txid).toHaveLength(1);
    // The sell's 0.40 % taker fee is taken in BTC (Kraken's default for sells).
    expect(w.exchange.account('main').balance('XXBT').toString()).toBe('9.98996');
    await client.close();
  });
});
