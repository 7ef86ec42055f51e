import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createClient, type KrakenClient } from '@krakenkit/client';
import { agedCost, createRateLimiter, KRAKEN_TIER_LIMITS } from '@krakenkit/client/rate-limit';
import { createWsClient, type WsClient } from '@krakenkit/client/ws';
import { type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import { waitFor } from '@krakenkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';

// One bot, one account, one pair, one limiter shared by the REST and the WebSocket client, against the mock
// exchange (REST and WebSocket on one server, one matching-engine counter per pair as on Kraken, docs/kraken/rate-limits.md).
// Add/cancel cycles alternate transports (REST add → WS cancel, WS add → REST cancel) at 5× what the starter
// tier's counter allows over a short window: the exchange must never answer `EOrder:Rate limit exceeded`.

const TRADING_RATE = 'EOrder:Rate limit exceeded';
const WINDOW_MS = 4_000;
const OVERLOAD = 5;

interface Harness {
  running: RunningMockExchange;
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
  const apiKey = `shared-budget-${randomBytes(4).toString('hex')}`;
  const apiSecret = randomBytes(64).toString('base64');
  const running = await startMockExchange({
    seed: 'ws-and-rest-share-one-budget',
    pairs: ['XXBTZUSD'],
    ws: { heartbeatIntervalMs: 200 },
    accounts: [{ id: 'bot', tier: 'starter', apiKey, apiSecret, balances: { ZUSD: '100000000' } }],
  });
  // The one limiter both clients charge: the account's counters, whichever way an order goes.
  const limiter = createRateLimiter({ tier: 'starter' });
  const rest = createClient({
    baseUrl: running.url,
    tier: 'starter',
    rateLimit: { limiter },
    retry: { attempts: 1 },
    key: {
      name: 'bot',
      apiKey,
      apiSecret,
      permissions: ['websocket', 'trades_modify', 'trades_close', 'trades_query_open'],
    },
  });
  const ws = createWsClient({
    url: running.wsUrl,
    authUrl: running.wsUrl,
    getToken: async () => (await rest.getWebSocketsToken()).token,
    limiter,
    requestTimeoutMs: 5_000,
  });
  h = { running, rest, ws };
  return h;
}

const LIMIT = { volume: '0.001', price: '1000.0' } as const;

/** Places over one transport and cancels over the other; records every error code the exchange answered. */
async function cycle(harness: Harness, viaRest: boolean, signal: AbortSignal, tally: Tally): Promise<void> {
  const { rest, ws } = harness;
  try {
    if (viaRest) {
      const placed = await rest.addOrder(
        { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: LIMIT.volume, price: LIMIT.price },
        { signal },
      );
      tally.restAdds += 1;
      const txid = placed.txid?.[0];
      if (txid !== undefined) await ws.cancelOrder({ order_id: [txid] }, { signal });
    } else {
      const placed = await ws.addOrder(
        {
          order_type: 'limit',
          side: 'buy',
          symbol: 'BTC/USD',
          order_qty: LIMIT.volume,
          limit_price: LIMIT.price,
        },
        { signal },
      );
      tally.wsAdds += 1;
      await rest.cancelOrder({ txid: placed.order_id }, { signal });
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // Calls still waiting for budget, or for their answer, when the window closes are abandoned by the test (over
    // REST or the WebSocket): not an exchange answer.
    if (code !== 'KRAKENKIT_ABORTED' && code !== 'KRAKENKIT_WS_ABORTED') tally.errors.push(String(code));
  }
}

interface Tally {
  restAdds: number;
  wsAdds: number;
  errors: string[];
}

describe('REST and WebSocket orders share one matching-engine budget', () => {
  it('a bot alternating REST and WebSocket at 5× the starter rate gets no EOrder:Rate limit exceeded', async () => {
    const harness = await start();
    const { threshold, decayPerSecond } = KRAKEN_TIER_LIMITS.starter.trading;
    // A cycle costs its add (+1) and the cancel of an order younger than 5 s (+8).
    const unitsPerCycle = 1 + agedCost('cancel', 0);
    const allowedUnits = threshold + (decayPerSecond * WINDOW_MS) / 1000;
    const offered = Math.ceil((OVERLOAD * allowedUnits) / unitsPerCycle);
    const stop = new AbortController();
    setMaxListeners(0, stop.signal);
    const tally: Tally = { restAdds: 0, wsAdds: 0, errors: [] };
    const cycles: Promise<void>[] = [];
    for (let i = 0; i < offered; i += 1) {
      cycles.push(cycle(harness, i % 2 === 0, stop.signal, tally));
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS / offered));
    }
    // The window is over, but the overload only means something once the counter is full: wait for both transports
    // to have placed orders worth the threshold (a slow machine gets there later, never differently).
    await waitFor(
      () =>
        tally.restAdds > 0 &&
        tally.wsAdds > 0 &&
        (tally.restAdds + tally.wsAdds) * unitsPerCycle > threshold - unitsPerCycle,
      'orders over both transports worth the whole threshold',
    );
    stop.abort(new Error('window over'));
    await Promise.all(cycles);

    expect(tally.errors.filter((code) => code === TRADING_RATE)).toEqual([]);
    expect(tally.errors).toEqual([]);
    // Both transports placed orders, and the limiter held back the load the counter could not take.
    expect(tally.restAdds).toBeGreaterThan(0);
    expect(tally.wsAdds).toBeGreaterThan(0);
    const placed = tally.restAdds + tally.wsAdds;
    expect(placed).toBeLessThan(offered);
    expect(placed * unitsPerCycle).toBeGreaterThan(threshold - unitsPerCycle);
  });
});
