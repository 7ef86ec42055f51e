import { createClient, type KrakenClient, KrakenError } from '@krakenkit/client';
import { afterEach, describe, expect, it } from 'vitest';
import { instantTimers, passthroughLimiter, testKey } from './helpers/fixtures.js';
import { BASE, type KrakenMock, mockKraken } from './helpers/msw-kraken.js';

// Kraken adds error strings over time. One the client has no entry for says nothing certain about whether an order
// call took effect: taking it as a refusal would let a caller place the order again next to one that exists.

let mock: KrakenMock | undefined;
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  mock?.server.close();
  client = mock = undefined;
});

describe('an error string the client does not know', () => {
  it('leaves the outcome open (ambiguous), is not retryable, and keeps the string as its code', () => {
    const error = new KrakenError(['EFoo:Something new:detail'], 'AddOrder');
    expect(error.code).toBe('EFoo:Something new:detail');
    expect(error.ambiguous).toBe(true);
    expect(error.retryable).toBe(false);
    // A known refusal stays a refusal.
    expect(new KrakenError(['EOrder:Insufficient funds'], 'AddOrder').ambiguous).toBe(false);
  });

  it('on an AddOrder is reconciled by its client order id, and the order found is the answer', async () => {
    const key = testKey();
    let clOrdId = '';
    mock = mockKraken(key.apiSecret, (request) => {
      if (request.endpoint === 'AddOrder') {
        clOrdId = String(request.params['cl_ord_id']);
        return { error: ['ESomething:New failure'] };
      }
      if (request.endpoint === 'OpenOrders')
        return {
          result: {
            open: {
              'OABCDE-FGHIJ-KLMNOP': {
                refid: null,
                userref: 0,
                cl_ord_id: clOrdId,
                status: 'open',
                opentm: 1_700_000_000,
                starttm: 0,
                expiretm: 0,
                descr: {
                  pair: 'XBTUSD',
                  type: 'buy',
                  ordertype: 'limit',
                  price: '100',
                  price2: '0',
                  leverage: 'none',
                  order: 'buy 1.00000000 XBTUSD @ limit 100',
                  close: '',
                },
                vol: '1.00000000',
                vol_exec: '0.00000000',
                cost: '0',
                fee: '0',
                price: '0',
                stopprice: '0',
                limitprice: '0',
                misc: '',
                oflags: 'fciq',
              },
            },
          },
        };
      return { result: { closed: {}, count: 0 } };
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
    await expect(client.addOrder(order)).resolves.toMatchObject({
      txid: ['OABCDE-FGHIJ-KLMNOP'],
      reconciled: true,
    });
    expect(mock.calls('AddOrder')).toHaveLength(1);
  });
});
