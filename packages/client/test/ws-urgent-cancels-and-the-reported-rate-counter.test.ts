import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter, type KrakenRateLimiter } from '../src/rate-limit/limiter.js';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import type { ExecutionsMessage } from '../src/ws/messages.js';
import { VirtualClock } from './support/virtual-clock.js';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

// The WebSocket client with a limiter on virtual time, against the local stub: a cancel marked urgent goes at once
// where the limiter would hold it, and the executions feed's `ratecount` (subscribed with `ratecounter: true`)
// reaches the limiter under the pair name it keys REST orders on.

let stub: KrakenWsStub | undefined;
let ws: WsClient | undefined;
afterEach(async () => {
  await ws?.close();
  await stub?.close();
  stub = ws = undefined;
});

const buy = (id: string) =>
  ({
    order_type: 'limit',
    side: 'buy',
    symbol: 'BTC/USD',
    order_qty: '0.001',
    limit_price: '30000.0',
    cl_ord_id: id,
  }) as const;

async function start(limiter: KrakenRateLimiter): Promise<{ stub: KrakenWsStub; ws: WsClient }> {
  stub = await KrakenWsStub.start();
  ws = createWsClient({
    url: stub.url,
    authUrl: stub.url,
    getToken: async () => 'tok-1',
    requestTimeoutMs: 2_000,
    limiter,
  });
  return { stub, ws };
}

/** Starter with a threshold of 11: three adds (+1 each) and one fresh cancel (+8) fill it. */
function limiterOn(clock: VirtualClock): KrakenRateLimiter {
  return createRateLimiter({
    tier: 'starter',
    limits: { trading: { threshold: 11 } },
    now: clock.now,
    sleep: clock.sleep,
  });
}

describe('WebSocket cancels and the matching-engine counter', () => {
  it('holds a single cancel that would pass the threshold, but sends an urgent one at once', async () => {
    const clock = new VirtualClock();
    const limiter = limiterOn(clock);
    const { stub, ws } = await start(limiter);
    const first = await ws.addOrder(buy('first'));
    const second = await ws.addOrder(buy('second'));
    const third = await ws.addOrder(buy('third'));
    expect(limiter.budget().trading.XBTUSD?.counter).toBe(3);
    await ws.cancelOrder({ order_id: [first.order_id] });
    expect(limiter.budget().trading.XBTUSD?.counter).toBe(11);
    // 11 + 8 > 11: held until the counter and the order's falling cancel cost fit.
    const held = ws.cancelOrder({ order_id: [second.order_id] });
    await clock.settle();
    expect(stub.requests('cancel_order')).toHaveLength(1);
    const urgent = await ws.cancelOrder({ order_id: [third.order_id] }, { urgent: true });
    expect(urgent.cancelled).toHaveLength(1);
    expect(stub.requests('cancel_order')).toHaveLength(2);
    expect(limiter.budget().trading.XBTUSD?.counter).toBe(19);
    await clock.runUntil(clock.now() + 20_000);
    await held;
    expect(stub.requests('cancel_order')).toHaveLength(3);
  });

  it('the executions ratecount arrives as text and syncs the limiter, BTC/USD keyed as XBTUSD', async () => {
    const clock = new VirtualClock();
    const limiter = limiterOn(clock);
    const { stub, ws } = await start(limiter);
    await ws.addOrder(buy('first'));
    expect(limiter.budget().trading.XBTUSD?.counter).toBe(1);
    const executions = ws.subscribe({ channel: 'executions', ratecounter: true });
    const messages: ExecutionsMessage[] = [];
    void (async () => {
      for await (const message of executions) messages.push(message);
    })().catch(() => {});
    await executions.ready;
    expect(stub.requests('subscribe').at(-1)?.message.params).toMatchObject({ ratecounter: true });
    await clock.runUntil(clock.now() + 3_000);
    stub.broadcast(
      '{"channel":"executions","type":"update","sequence":2,"data":[{"exec_type":"new","order_id":"OX-1",' +
        '"symbol":"BTC/USD","ratecount":7.25},{"exec_type":"new","order_id":"OX-2","symbol":"ETH/USD","ratecount":2}]}',
    );
    await waitFor(() => messages.some((message) => message.type === 'update'), 'the update');
    const update = messages.find((message) => message.type === 'update')!;
    expect(update.data.map((record) => record.ratecount)).toEqual(['7.25', '2']);
    ws.syncRateCounters(update);
    // The exchange's count replaces the local one (the add is 3 s old and answered: the report includes it).
    expect(limiter.budget().trading.XBTUSD?.counter).toBe(7.25);
    expect(limiter.budget().trading.ETHUSD?.counter).toBe(2);
  });
});
