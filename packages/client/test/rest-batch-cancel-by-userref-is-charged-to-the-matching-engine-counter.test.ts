import { createClient, type KrakenClient } from '@krakenkit/client';
import { createRateLimiter } from '@krakenkit/client/rate-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { testKey } from './helpers/fixtures.js';
import { BASE, type KrakenMock, mockKraken } from './helpers/msw-kraken.js';

// CancelOrder and CancelOrderBatch take a userref (an integer) where they take a txid: it names every order carrying
// it, orders the limiter cannot see. Kraken charges each cancelled order by its age (at most 8 for a young one), so
// the limiter must charge a userref as at least one order of unknown age, never as nothing.

let mock: KrakenMock | undefined;
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  mock?.server.close();
  client = mock = undefined;
});

const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.001', price: '1000.0' } as const;

/** A client whose limiter's clock stands still (no decay), with one order placed on XBTUSD (counter 1). */
async function clientWithOneOrder(): Promise<KrakenClient> {
  const key = testKey();
  mock = mockKraken(key.apiSecret, (request) =>
    request.endpoint === 'AddOrder'
      ? { result: { descr: { order: 'buy' }, txid: ['OFIRST-AAAAA-BBBBBB'] } }
      : { result: { count: 2 } },
  );
  const frozen = Date.now();
  const limiter = createRateLimiter({ tier: 'starter', now: () => frozen });
  const active = createClient({
    baseUrl: BASE,
    fetch: (...args) => fetch(...args),
    key,
    rateLimit: { limiter },
  });
  client = active;
  await active.addOrder(ORDER);
  expect(active.rateBudget().trading['XBTUSD']?.counter).toBe(1);
  return active;
}

describe('a cancel by userref on the matching-engine counter', () => {
  it('charges CancelOrderBatch each userref as a young order of its own (8 each)', async () => {
    const active = await clientWithOneOrder();
    await active.cancelOrderBatch({ orders: [101, 202] });
    expect(mock?.calls('CancelOrderBatch')).toHaveLength(1);
    expect(active.rateBudget().trading['XBTUSD']?.counter).toBe(1 + 2 * 8);
  });

  it('charges a CancelOrderBatch that mixes txids and userrefs for every entry', async () => {
    const active = await clientWithOneOrder();
    await active.cancelOrderBatch({ orders: ['OUNKNW-CCCCC-DDDDDD', 303] });
    expect(active.rateBudget().trading['XBTUSD']?.counter).toBe(1 + 2 * 8);
  });

  it('charges CancelOrder by userref as one young order', async () => {
    const active = await clientWithOneOrder();
    await active.cancelOrder({ txid: 404 });
    expect(active.rateBudget().trading['XBTUSD']?.counter).toBe(1 + 8);
  });
});
