import { createClient, type KrakenClient, RateLimitError } from '@krakenkit/client';
import { createRateLimiter } from '@krakenkit/client/rate-limit';
import { createWsClient, type WsClient } from '@krakenkit/client/ws';
import { waitFor } from '@krakenkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { limitBuy } from './support/orders.js';
import { ok } from './support/signer.js';
import { startWsWorld, type WsWorld } from './support/ws-harness.js';

// The real REST and WebSocket clients share one limiter; the WebSocket client is subscribed to executions with
// `ratecounter: true`. Orders placed behind the bot's back (another process, the website) charge the pair's counter
// on the exchange: the feed's ratecount tells the limiter, which then holds the bot's orders instead of sending
// them into `EOrder:Rate limit exceeded`. An urgent cancel is sent anyway; its refusal re-syncs from the feed.

let w: WsWorld | undefined;
let rest: KrakenClient | undefined;
let ws: WsClient | undefined;
afterEach(async () => {
  await ws?.close();
  await rest?.close();
  await w?.running.close();
  w = rest = ws = undefined;
});

const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.001', price: '1000.0' } as const;

describe('the limiter follows the exchange counter the executions feed reports', () => {
  it('orders placed elsewhere hold the bot back before the exchange would refuse it', async () => {
    // The exchange clock stands still: the counter moves only with charges.
    const clock = new ManualClock();
    w = await startWsWorld({ tier: 'starter' }, { clock });
    const { running, key } = w;
    const limiter = createRateLimiter({ tier: 'starter', mode: 'fail-fast', now: () => clock.now() });
    const client = createClient({
      baseUrl: running.url,
      key: { name: 'bot', ...key, permissions: ['websocket', 'trades_modify', 'trades_query_open'] },
      rateLimit: { limiter },
      retry: { attempts: 1 },
    });
    rest = client;
    ws = createWsClient({
      url: running.wsUrl,
      authUrl: running.wsUrl,
      getToken: async () => (await client.getWebSocketsToken()).token,
      limiter,
    });
    const executions = ws.subscribe({ channel: 'executions', ratecounter: true });
    const seen: unknown[] = [];
    void (async () => {
      for await (const message of executions) seen.push(message);
    })().catch(() => {});
    await executions.ready;

    // Someone else places 50 orders on the pair.
    for (let i = 0; i < 50; i += 1) ok(running.exchange, key, 'AddOrder', limitBuy('0.001', '1000.0'));
    await waitFor(() => (limiter.budget().trading.XBTUSD?.counter ?? 0) >= 50, 'the feed reporting 50');

    // The bot has room for 10 more adds; the 11th is held (fail-fast: RateLimitError) and never sent.
    const placed: string[] = [];
    for (let i = 0; i < 10; i += 1) placed.push((await client.addOrder(ORDER)).txid?.[0] ?? '');
    const held = await client.addOrder(ORDER).catch((error: unknown) => error);
    expect(held).toBeInstanceOf(RateLimitError);
    expect(running.exchange.account('main').openOrders()).toHaveLength(60);

    // 5 s later (55 left), an urgent cancel goes anyway (55 + 6 > 60): refused, and the counter re-synced from the
    // feed's 60 decayed to 55, not taken to be full.
    clock.advance(5_000);
    const refused = await client
      .cancelOrder({ txid: placed[0]! }, { urgent: true })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'EOrder:Rate limit exceeded' });
    expect(limiter.budget().trading.XBTUSD?.counter).toBeCloseTo(55, 6);
    expect(seen.length).toBeGreaterThan(0);
  });
});
