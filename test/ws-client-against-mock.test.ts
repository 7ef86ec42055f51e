import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { createClient, type KrakenClient } from '@krakenkit/client';
import { type BookEvent, createWsClient, type ExecutionReport, type WsClient } from '@krakenkit/client/ws';
import { createGuard, GuardRejectedError } from '@krakenkit/guard';
import { guardWsClient } from '@krakenkit/guard/ws';
import { ManualClock, type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import { waitFor } from '@krakenkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';

// The real WebSocket v2 client against the mock's WebSocket server, on a manual exchange clock: the market moves
// only when the test steps it, so the client's verified books can be compared level by level with the exchange's.
const STEP_MS = 1000;

interface Harness {
  running: RunningMockExchange;
  clock: ManualClock;
  rest: KrakenClient;
  ws: WsClient;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.ws.close();
  await h?.rest.close();
  await h?.running.close();
  h = undefined;
});

async function start(): Promise<Harness> {
  const clock = new ManualClock();
  const apiKey = `ws-it-${randomBytes(4).toString('hex')}`;
  const apiSecret = randomBytes(64).toString('base64');
  const running = await startMockExchange({
    seed: 'ws-client-it',
    clock,
    pairs: ['XXBTZUSD', 'XETHZUSD'],
    settings: { stepMs: STEP_MS },
    ws: { heartbeatIntervalMs: 200 },
    accounts: [
      { id: 'it', tier: 'intermediate', apiKey, apiSecret, balances: { ZUSD: '1000000', XXBT: '10' } },
    ],
  });
  const rest = createClient({
    baseUrl: running.url,
    tier: 'intermediate',
    key: {
      name: 'it',
      apiKey,
      apiSecret,
      permissions: ['websocket', 'funds_query', 'trades_modify', 'trades_close', 'trades_query_open'],
    },
  });
  const ws = createWsClient({
    url: running.wsUrl,
    authUrl: running.wsUrl,
    getToken: async () => (await rest.getWebSocketsToken()).token,
    reconnect: { baseDelayMs: 20, maxDelayMs: 50 },
    heartbeatTimeoutMs: 3000,
    pingIntervalMs: 1000,
  });
  h = { running, clock, rest, ws };
  return h;
}

/** Moves the exchange one random-walk step (book, ticker and trade updates follow). */
function step(harness: Harness, steps = 1): void {
  harness.clock.advance(STEP_MS * steps);
  harness.running.exchange.advance();
}

/** The exchange's own book of a pair, as the text levels the client should hold. */
function exchangeBook(harness: Harness, pair: string, decimals: [number, number]) {
  const snapshot = harness.running.exchange.bookSnapshot(pair, 10);
  const text = (levels: typeof snapshot.bids) =>
    levels.map((l) => ({ price: l.price.toFixed(decimals[0]), qty: l.volume.toFixed(decimals[1]) }));
  return { bids: text(snapshot.bids), asks: text(snapshot.asks) };
}

/** Collects book events of a subscription in the background. */
function collect(events: AsyncIterable<BookEvent>): BookEvent[] {
  const seen: BookEvent[] = [];
  void (async () => {
    for await (const event of events) seen.push(event);
  })().catch(() => undefined);
  return seen;
}

const BTC: [string, [number, number]] = ['XBTUSD', [1, 8]];
const ETH: [string, [number, number]] = ['ETHUSD', [2, 8]];

function expectSameBook(harness: Harness, symbol: string, pair: [string, [number, number]]): void {
  const local = harness.ws.book(symbol);
  expect({ bids: local.bids, asks: local.asks }).toEqual(exchangeBook(harness, pair[0], pair[1]));
}

/** Whether the client's book has caught up with the exchange's (it must, once the step's updates arrive). */
function sameBook(harness: Harness, symbol: string, pair: [string, [number, number]]): boolean {
  const local = harness.ws.book(symbol);
  return isDeepStrictEqual({ bids: local.bids, asks: local.asks }, exchangeBook(harness, pair[0], pair[1]));
}

describe('createWsClient against the mock exchange', () => {
  it('keeps verified books of two symbols equal to the exchange book as the market moves', async () => {
    const harness = await start();
    const seen = collect(
      harness.ws.subscribe({ channel: 'book', symbol: ['BTC/USD', 'ETH/USD'], depth: 10 }),
    );
    await waitFor(
      () => harness.ws.bookState('BTC/USD') === 'valid' && harness.ws.bookState('ETH/USD') === 'valid',
      'valid books',
    );
    const mismatches: string[] = [];
    harness.ws.on('checksum-mismatch', ({ symbol }) => mismatches.push(symbol));
    for (let i = 0; i < 5; i += 1) {
      const before = seen.length;
      step(harness);
      await waitFor(
        () => seen.slice(before).filter((e) => e.type === 'update').length >= 2,
        'updates of both symbols',
      );
      expectSameBook(harness, 'BTC/USD', BTC);
      expectSameBook(harness, 'ETH/USD', ETH);
    }
    expect(mismatches).toEqual([]);
    expect(harness.running.exchange.internalErrors).toEqual([]);
  });

  it('a corrupted checksum resyncs only that symbol, and its book is right afterwards', async () => {
    const harness = await start();
    collect(harness.ws.subscribe({ channel: 'book', symbol: ['BTC/USD', 'ETH/USD'], depth: 10 }));
    await waitFor(
      () => harness.ws.bookState('BTC/USD') === 'valid' && harness.ws.bookState('ETH/USD') === 'valid',
      'valid books',
    );
    const resynced: string[] = [];
    const mismatches: string[] = [];
    harness.ws.on('resynced', ({ symbol, reason }) => resynced.push(`${symbol}:${reason}`));
    harness.ws.on('checksum-mismatch', ({ symbol }) => mismatches.push(symbol));
    harness.running.ws.faults.corruptChecksum('BTC/USD');
    step(harness);
    await waitFor(() => resynced.length > 0, 'the resync');
    expect(mismatches).toEqual(['BTC/USD']);
    expect(resynced).toEqual(['BTC/USD:checksum']);
    expect(harness.ws.bookState('ETH/USD')).toBe('valid');
    expectSameBook(harness, 'BTC/USD', BTC);
    step(harness);
    await waitFor(
      () => sameBook(harness, 'BTC/USD', BTC) && sameBook(harness, 'ETH/USD', ETH),
      'both books equal to the exchange after the step',
    );
    expect(mismatches).toEqual(['BTC/USD']);
  });

  it('a dropped connection reconnects, resubscribes and serves correct books again', async () => {
    const harness = await start();
    collect(harness.ws.subscribe({ channel: 'book', symbol: ['BTC/USD', 'ETH/USD'], depth: 10 }));
    await waitFor(
      () => harness.ws.bookState('BTC/USD') === 'valid' && harness.ws.bookState('ETH/USD') === 'valid',
      'valid books',
    );
    const reopened: boolean[] = [];
    harness.ws.on('open', ({ reconnect }) => reopened.push(reconnect));
    expect(harness.running.ws.faults.dropConnections()).toBeGreaterThan(0);
    await waitFor(() => reopened.includes(true), 'the reconnect');
    step(harness);
    await waitFor(
      () => harness.ws.bookState('BTC/USD') === 'valid' && harness.ws.bookState('ETH/USD') === 'valid',
      'valid books again',
    );
    await waitFor(
      () => sameBook(harness, 'BTC/USD', BTC) && sameBook(harness, 'ETH/USD', ETH),
      'both books equal to the exchange after the reconnect',
    );
  });

  it('private: balances snapshot, add_order → executions → cancel_order', async () => {
    const harness = await start();
    const balances = harness.ws.subscribe({ channel: 'balances' });
    const balanceIterator = balances[Symbol.asyncIterator]();
    const first = await balanceIterator.next();
    expect(first.value).toMatchObject({ channel: 'balances', type: 'snapshot' });
    expect(first.value?.data).toContainEqual(
      expect.objectContaining({ asset: 'USD', balance: '1000000.0000' }),
    );

    const reports: ExecutionReport[] = [];
    const executions = harness.ws.subscribe({ channel: 'executions' });
    void (async () => {
      for await (const message of executions) reports.push(...message.data);
    })().catch(() => undefined);
    await executions.ready;
    const placed = await harness.ws.addOrder({
      symbol: 'BTC/USD',
      side: 'buy',
      order_type: 'limit',
      order_qty: '0.01',
      limit_price: '30000.0',
      cl_ord_id: 'it-round-trip',
    });
    expect(placed).toMatchObject({ order_id: expect.stringMatching(/^O/), cl_ord_id: 'it-round-trip' });
    await waitFor(() => reports.some((r) => r.exec_type === 'new' && r.order_id === placed.order_id), 'new');
    expect(reports.find((r) => r.exec_type === 'new')).toMatchObject({
      order_qty: '0.01000000',
      limit_price: '30000.0',
    });
    const cancelled = await harness.ws.cancelOrder({ order_id: [placed.order_id] });
    expect(cancelled.cancelled).toEqual([expect.objectContaining({ order_id: placed.order_id })]);
    await waitFor(() => reports.some((r) => r.exec_type === 'canceled'), 'canceled');
    const refused = await harness.ws
      .addOrder({
        symbol: 'BTC/USD',
        side: 'buy',
        order_type: 'limit',
        order_qty: '0.00001',
        limit_price: '30000.0',
      })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'EOrder:Order minimum not met', endpoint: 'ws:add_order' });
    await balanceIterator.return?.();
  });
});

describe('guardWsClient against the mock exchange', () => {
  it('sends allowed orders, refuses risky ones before sending, and tracks outcomes', async () => {
    const harness = await start();
    const assetPairs = await harness.rest.assetPairs();
    // A fresh account: no open orders, no positions.
    const guard = createGuard(
      { tier: 'intermediate', assetPairs: assetPairs as never },
      { openOrders: { open: {} }, openPositions: {} },
    );
    guard.setReferencePrice('XBTUSD', '65000');
    const guarded = guardWsClient(harness.ws, guard);
    const account = harness.running.exchange.account('it');

    const placed = await guarded.addOrder({
      symbol: 'BTC/USD',
      side: 'buy',
      order_type: 'limit',
      order_qty: '0.01',
      limit_price: '30000.0',
      margin: true,
    });
    expect(account.orders.get(placed.order_id)?.leverage).toBe(5);
    expect(guard.orders()).toEqual([expect.objectContaining({ txid: placed.order_id, status: 'open' })]);

    const sentBefore = account.orders.size;
    const refused = await guarded
      .addOrder({
        symbol: 'BTC/USD',
        side: 'buy',
        order_type: 'limit',
        order_qty: '500',
        limit_price: '60000.0',
        margin: true,
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GuardRejectedError);
    expect((refused as GuardRejectedError).code).toBe('EOrder:Margin allowance exceeded');
    expect(account.orders.size).toBe(sentBefore);

    // The exchange's own refusal (spot funds: the guard does not hold balances) releases the reservation.
    const unfunded = await guarded
      .addOrder({
        symbol: 'BTC/USD',
        side: 'buy',
        order_type: 'limit',
        order_qty: '100',
        limit_price: '30000.0',
      })
      .catch((error: unknown) => error);
    expect(unfunded).toMatchObject({ code: 'EOrder:Insufficient funds', endpoint: 'ws:add_order' });
    expect(guard.orders()).toHaveLength(1);

    const batch = await guarded.batchAdd({
      symbol: 'BTC/USD',
      orders: [
        { side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '30000.0' },
        { side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '30001.0' },
      ],
    });
    expect(batch).toHaveLength(2);
    expect(guard.orders().filter((o) => o.status === 'open')).toHaveLength(3);

    await guarded.amendOrder({ order_id: placed.order_id, order_qty: '0.02' });
    expect(account.orders.get(placed.order_id)?.volume.toString()).toBe('0.02');
    await guarded.cancelOrder({ order_id: [placed.order_id] });
    expect(guard.orders().some((o) => o.txid === placed.order_id)).toBe(false);
    await guarded.cancelAll();
    expect(guard.orders()).toEqual([]);
    expect(account.open.size).toBe(0);
  });
});
