import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { RateLimitError } from '../src/errors/index.js';
import { passthroughLimiter, testKey } from './helpers/fixtures.js';
import { BASE, type KrakenMock, mockKraken } from './helpers/msw-kraken.js';

// Through the REST client: `createClient({ rateLimit: { singleCancelOverThreshold } })` sets the default limiter,
// and `cancelOrder(params, { urgent: true })` marks the call's ticket so the limiter sends it at once.

let mock: KrakenMock | undefined;
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  mock?.server.close();
  client = mock = undefined;
});

const FROZEN_NOW = 1_767_225_600_000;
const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.001', price: '1000.0' } as const;

/** A client in fail-fast mode whose XBTUSD counter is at 53 of 60 (starter), with order OFIRST just placed. */
async function nearlyFull(singleCancelOverThreshold?: 'rejected' | 'accepted'): Promise<KrakenClient> {
  const key = testKey();
  let next = 0;
  mock = mockKraken(key.apiSecret, (request) =>
    request.endpoint === 'AddOrder'
      ? { result: { descr: { order: 'buy' }, txid: [next++ === 0 ? 'OFIRST' : `O${next}`] } }
      : { result: { count: 1 } },
  );
  const active = createClient({
    baseUrl: BASE,
    fetch: (...args) => fetch(...args),
    key,
    rateLimit: {
      mode: 'fail-fast',
      ...(singleCancelOverThreshold === undefined ? {} : { singleCancelOverThreshold }),
    },
    retry: { attempts: 1 },
    // The counter must not decay while the 53 orders go out (at 1 per second on starter, a slow machine would
    // leave room for the cancel): the clock stands still.
    timers: { now: () => FROZEN_NOW },
  });
  client = active;
  for (let i = 0; i < 53; i += 1) await active.addOrder(ORDER);
  return active;
}

describe('REST cancels and the matching-engine counter', () => {
  it('by default a single cancel over the threshold is held (fail-fast: refused unsent); an urgent one is sent', async () => {
    const active = await nearlyFull();
    await expect(active.cancelOrder({ txid: 'OFIRST' })).rejects.toBeInstanceOf(RateLimitError);
    expect(mock?.calls('CancelOrder')).toHaveLength(0);
    await expect(active.cancelOrder({ txid: 'OFIRST' }, { urgent: true })).resolves.toMatchObject({
      count: 1,
    });
    expect(mock?.calls('CancelOrder')).toHaveLength(1);
    expect(active.rateBudget().trading.XBTUSD?.counter).toBeGreaterThan(60);
  });

  it('with rateLimit.singleCancelOverThreshold accepted, the client sends it at once', async () => {
    const active = await nearlyFull('accepted');
    await expect(active.cancelOrder({ txid: 'OFIRST' })).resolves.toMatchObject({ count: 1 });
    expect(mock?.calls('CancelOrder')).toHaveLength(1);
  });

  it('the urgent mark reaches the limiter on cancels', async () => {
    const limiter = passthroughLimiter();
    const key = testKey();
    mock = mockKraken(key.apiSecret, () => ({ result: { count: 1 } }));
    client = createClient({ baseUrl: BASE, fetch: (...args) => fetch(...args), key, rateLimit: { limiter } });
    await client.cancelOrder({ txid: 'OABC12-DEF34-GHI567' }, { urgent: true });
    await client.cancelOrderBatch({ orders: ['OABC12-DEF34-GHI567'] });
    expect(limiter.tickets.map((ticket) => ticket.urgent)).toEqual([true, undefined]);
  });
});
