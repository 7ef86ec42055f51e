import { createClient, type KrakenClient, KrakenError } from '@krakenkit/client';
import { afterEach, describe, expect, it } from 'vitest';
import { instantTimers, passthroughLimiter, testKey } from './helpers/fixtures.js';
import { BASE, type KrakenMock, mockKraken } from './helpers/msw-kraken.js';

// Kraken's strings carry a severity: `E` an error, `W` a warning. An answer whose `error` array lists a warning
// before the error failed because of the error: the error (not the warning) is the code, and its class decides
// whether the call may have taken effect.

let mock: KrakenMock | undefined;
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  mock?.server.close();
  client = mock = undefined;
});

describe('a Kraken answer with a warning before its error', () => {
  it('takes the error as code, category, retryable and ambiguous, and keeps every string', () => {
    const error = new KrakenError(['WGeneral:Something to note', 'EService:Unavailable'], 'AddOrder');
    expect(error.code).toBe('EService:Unavailable');
    expect(error.category).toBe('service');
    expect(error.retryable).toBe(true);
    expect(error.ambiguous).toBe(true);
    expect(error.errors).toEqual(['WGeneral:Something to note', 'EService:Unavailable']);
  });

  it('reads the retry time of a throttle that follows a warning', () => {
    const error = new KrakenError(['WGeneral:Note', 'EService: Throttled: 1700000000'], 'Balance');
    expect(error.code).toBe('EService: Throttled: 1700000000');
    expect(error.retryAt).toBe(1_700_000_000_000);
  });

  it('reconciles an AddOrder whose ambiguous error came after a warning instead of reporting a rejection', async () => {
    const key = testKey();
    let clOrdId: unknown;
    mock = mockKraken(key.apiSecret, (request) => {
      if (request.endpoint === 'AddOrder') {
        clOrdId = request.params['cl_ord_id'];
        return { error: ['WGeneral:Something to note', 'EService:Unavailable'] };
      }
      return { result: request.endpoint === 'OpenOrders' ? { open: {} } : { closed: {}, count: 0 } };
    });
    client = createClient({
      baseUrl: BASE,
      fetch: (...args) => fetch(...args),
      key,
      rateLimit: { limiter: passthroughLimiter() },
      timers: instantTimers(),
      retry: { reconcileDelayMs: 0 },
    });
    const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '100', volume: '1' } as const;
    await expect(client.addOrder(order)).rejects.toMatchObject({ code: 'KRAKENKIT_ORDER_NOT_PLACED' });
    expect(typeof clOrdId).toBe('string');
    expect(mock.calls('AddOrder')).toHaveLength(1);
    expect(mock.calls('OpenOrders')).toHaveLength(1);
    expect(mock.calls('ClosedOrders')).toHaveLength(1);
  });
});
