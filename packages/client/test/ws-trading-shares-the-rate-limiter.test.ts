import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { ConfigError, KrakenError, RateLimitError } from '../src/errors/index.js';
import { createRateLimiter, type KrakenRateLimiter } from '../src/rate-limit/limiter.js';
import { agedCost, worstCaseCost } from '../src/rate-limit/trading-costs.js';
import type { RateLimitMode } from '../src/rate-limit/types.js';
import type { Transport, TransportRequest } from '../src/transport/types.js';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import { restPairOfWsSymbol } from '../src/ws/rate-tickets.js';
import { testKey } from './helpers/fixtures.js';
import { VirtualClock } from './support/virtual-clock.js';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

// The WebSocket client against the local stub, its trading requests charged by a real limiter on virtual time:
// the limiter's waits are timers of the VirtualClock, so time moves only when the test says so.

let stub: KrakenWsStub | undefined;
let ws: WsClient | undefined;
let rest: KrakenClient | undefined;
afterEach(async () => {
  await ws?.close();
  await rest?.close();
  await stub?.close();
  stub = undefined;
  ws = undefined;
  rest = undefined;
});

const order = (id: string) =>
  ({ order_type: 'limit', side: 'buy', order_qty: '0.001', limit_price: '30000.0', cl_ord_id: id }) as const;
const buy = (id: string) =>
  ({
    order_type: 'limit',
    side: 'buy',
    symbol: 'BTC/USD',
    order_qty: '0.001',
    limit_price: '30000.0',
    cl_ord_id: id,
  }) as const;

async function start(limiter: KrakenRateLimiter | undefined): Promise<{ stub: KrakenWsStub; ws: WsClient }> {
  stub = await KrakenWsStub.start();
  ws = createWsClient({
    url: stub.url,
    authUrl: stub.url,
    getToken: async () => 'tok-1',
    requestTimeoutMs: 2_000,
    ...(limiter === undefined ? {} : { limiter }),
  });
  return { stub, ws };
}

function limiterOn(clock: VirtualClock, threshold: number, mode: RateLimitMode = 'wait'): KrakenRateLimiter {
  return createRateLimiter({
    tier: 'starter',
    mode,
    // Thresholds here are below a young order's cancel (+8): single cancels are taken to be accepted over them.
    singleCancelOverThreshold: 'accepted',
    limits: { trading: { threshold } },
    now: clock.now,
    sleep: clock.sleep,
  });
}

/** A REST transport that records requests and answers AddOrder with one txid. */
function recordingTransport(txid: string): Transport & { requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  return {
    requests,
    send: async (request) => {
      requests.push(request);
      const result = request.path.endsWith('/AddOrder')
        ? { descr: { order: 'buy 0.00100000 XBTUSD @ limit 30000.0' }, txid: [txid] }
        : {};
      return { status: 200, body: JSON.stringify({ error: [], result }) };
    },
  };
}

describe('WebSocket trading with a shared rate limiter', () => {
  it('holds adds past the pair budget until the counter decays, and sends them then', async () => {
    const clock = new VirtualClock();
    const limiter = limiterOn(clock, 3);
    const { stub, ws } = await start(limiter);
    const results = Array.from({ length: 5 }, (_, i) => ws.addOrder(buy(`w-${i}`)));
    await Promise.all(results.slice(0, 3));
    expect(stub.requests('add_order')).toHaveLength(3);
    // Two adds wait for budget on a limiter timer; nothing more went out.
    expect(clock.pendingTimers).toBeGreaterThan(0);
    expect(stub.requests('add_order')).toHaveLength(3);
    expect(limiter.budget().trading.XBTUSD?.counter).toBeCloseTo(3);
    // Starter decays 1 per second: a little over a second frees room for one add, over two for both.
    await clock.runUntil(clock.now() + 1_500);
    await waitFor(() => stub.requests('add_order').length === 4, 'fourth add');
    expect(stub.requests('add_order')).toHaveLength(4);
    await clock.runUntil(clock.now() + 1_000);
    await waitFor(() => stub.requests('add_order').length === 5, 'fifth add');
    await Promise.all(results);
    expect(limiter.budget().trading.XBTUSD?.openOrders).toBe(5);
  });

  it('in fail-fast mode refuses the add past the budget with RateLimitError, without sending it', async () => {
    const clock = new VirtualClock();
    const { stub, ws } = await start(limiterOn(clock, 2, 'fail-fast'));
    await ws.addOrder(buy('a'));
    await ws.batchAdd({ symbol: 'BTC/USD', orders: [order('b'), order('c')] });
    await expect(ws.addOrder(buy('d'))).rejects.toBeInstanceOf(RateLimitError);
    expect(stub.requests('add_order')).toHaveLength(1);
    expect(stub.requests('batch_add')).toHaveLength(1);
  });

  it('sends a cancel ahead of the adds waiting for budget', async () => {
    const clock = new VirtualClock();
    const limiter = limiterOn(clock, 2);
    const { stub, ws } = await start(limiter);
    const placed = await ws.addOrder(buy('first'));
    await ws.addOrder(buy('second'));
    const waiting = ws.addOrder(buy('third'));
    await clock.settle();
    const cancelled = await ws.cancelOrder({ order_id: [placed.order_id] });
    expect(cancelled.cancelled).toHaveLength(1);
    expect(stub.requests('add_order')).toHaveLength(2);
    expect(stub.requests('cancel_order')).toHaveLength(1);
    // The cancel was charged by the order's age (< 5 s: +8), so the third add waits for that too.
    expect(limiter.budget().trading.XBTUSD?.counter).toBeCloseTo(2 + agedCost('cancel', 0));
    await clock.runUntil(clock.now() + 9_500);
    await waiting;
    expect(stub.requests('add_order')).toHaveLength(3);
  });

  it('charges a WebSocket cancel of a REST order by its age, on the same pair counter', async () => {
    const clock = new VirtualClock();
    const limiter = limiterOn(clock, 60);
    const transport = recordingTransport('OREST-00001');
    rest = createClient({
      transport,
      key: testKey(),
      rateLimit: { limiter },
      retry: { attempts: 1 },
      timers: { now: clock.now, sleep: clock.sleep },
    });
    const { stub, ws } = await start(limiter);
    await rest.addOrder({
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '0.001',
      price: '30000.0',
    });
    expect(transport.requests.some((r) => r.path.endsWith('/AddOrder'))).toBe(true);
    expect(limiter.budget().trading.XBTUSD).toMatchObject({ counter: 1, openOrders: 1 });
    // The stub knows the order too, so the WebSocket cancel succeeds.
    stub.orders.orders.set('OREST-00001', {
      order_id: 'OREST-00001',
      symbol: 'BTC/USD',
      side: 'buy',
      order_type: 'limit',
      order_qty: '0.001',
    });
    await clock.runUntil(clock.now() + 40_000);
    await ws.cancelOrder({ order_id: ['OREST-00001'] });
    // 40 s old: +4 (< 45 s), not the +8 of an unknown order; the add (+1) has decayed away.
    expect(agedCost('cancel', 40_000)).toBeLessThan(worstCaseCost('cancel'));
    expect(limiter.budget().trading.XBTUSD?.counter).toBeCloseTo(agedCost('cancel', 40_000));
    expect(limiter.budget().trading.XBTUSD?.openOrders).toBe(0);
    expect(Object.keys(limiter.budget().trading)).toEqual(['XBTUSD']);
  });

  it('lets a REST cancel find an order placed over WebSocket by its cl_ord_id', async () => {
    const clock = new VirtualClock();
    const limiter = limiterOn(clock, 60);
    const transport = recordingTransport('unused');
    rest = createClient({
      transport,
      key: testKey(),
      rateLimit: { limiter },
      retry: { attempts: 1 },
      timers: { now: clock.now, sleep: clock.sleep },
    });
    const { ws } = await start(limiter);
    await ws.addOrder(buy('ws-order'));
    await clock.runUntil(clock.now() + 100_000);
    await rest.cancelOrder({ cl_ord_id: 'ws-order' });
    // 100 s old: +1 (< 300 s); the registry knew the order's pair and age.
    expect(limiter.budget().trading.XBTUSD?.counter).toBeCloseTo(agedCost('cancel', 100_000));
    expect(limiter.budget().trading.XBTUSD?.openOrders).toBe(0);
  });

  it('snaps the pair counter to the threshold when Kraken answers EOrder:Rate limit exceeded', async () => {
    const clock = new VirtualClock();
    const limiter = limiterOn(clock, 60);
    const { stub, ws } = await start(limiter);
    stub.failNext.set('add_order', 'EOrder:Rate limit exceeded');
    const error = await ws.addOrder(buy('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KrakenError);
    expect((error as KrakenError).code).toBe('EOrder:Rate limit exceeded');
    expect(limiter.budget().trading.XBTUSD?.counter).toBeCloseTo(60);
  });

  it('tells the limiter about amends, batch cancels, cancel-all and the dead man switch', async () => {
    const clock = new VirtualClock();
    const limiter = limiterOn(clock, 60);
    const { stub, ws } = await start(limiter);
    const [a, b] = await ws.batchAdd({ symbol: 'BTC/USD', orders: [order('a'), order('b')] });
    await ws.addOrder({ ...buy('c'), symbol: 'ETH/USD' });
    expect(limiter.budget().trading.XBTUSD?.openOrders).toBe(2);
    expect(limiter.budget().trading.ETHUSD?.openOrders).toBe(1);
    await ws.amendOrder({ order_id: a!.order_id, limit_price: '30001.0' });
    await ws.batchCancel({ orders: [b!.order_id] });
    expect(limiter.budget().trading.XBTUSD?.openOrders).toBe(1);
    await ws.cancelAllOrdersAfter({ timeout: 60 });
    await ws.cancelAll();
    expect(limiter.budget().trading.XBTUSD?.openOrders).toBe(0);
    expect(limiter.budget().trading.ETHUSD?.openOrders).toBe(0);
    expect(stub.requests('cancel_all')).toHaveLength(1);
  });
});

describe('WebSocket trading without a limiter', () => {
  it('sends every request at once, as before', async () => {
    const { stub, ws } = await start(undefined);
    const results = await Promise.all(Array.from({ length: 70 }, (_, i) => ws.addOrder(buy(`n-${i}`))));
    expect(results).toHaveLength(70);
    expect(stub.requests('add_order')).toHaveLength(70);
  });

  it('rejects a limiter that is not one, as a ConfigError', () => {
    expect(() => createWsClient({ limiter: {} as never })).toThrow(ConfigError);
  });
});

describe('restPairOfWsSymbol', () => {
  it('names Bitcoin XBT as REST does and keeps other assets', () => {
    expect(restPairOfWsSymbol('BTC/USD')).toBe('XBT/USD');
    expect(restPairOfWsSymbol('ETH/BTC')).toBe('ETH/XBT');
    expect(restPairOfWsSymbol('SOL/EUR')).toBe('SOL/EUR');
  });
});
