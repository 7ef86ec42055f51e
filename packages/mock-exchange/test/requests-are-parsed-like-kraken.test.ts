import { describe, expect, it } from 'vitest';
import { call, parseEnvelope, publicCall } from './support/signer.js';
import { world } from './support/world.js';

describe('routing and arguments', () => {
  it('unknown methods are EGeneral:Unknown method, public and private', () => {
    const { exchange, key } = world();
    expect(publicCall(exchange, 'Nope').error).toEqual(['EGeneral:Unknown method']);
    expect(call(exchange, key, 'Nope').error).toEqual(['EGeneral:Unknown method']);
  });

  it('unknown pairs are EQuery:Unknown asset pair', () => {
    const { exchange, key } = world();
    expect(publicCall(exchange, 'Ticker', { pair: 'DOGEJPY' }).error).toEqual(['EQuery:Unknown asset pair']);
    const order = { ordertype: 'market', type: 'buy', volume: '1', pair: 'DOGEJPY' };
    expect(call(exchange, key, 'AddOrder', order).error).toEqual(['EQuery:Unknown asset pair']);
  });

  it('pairs resolve by id, altname, wsname and display name', () => {
    const { exchange } = world();
    for (const pair of ['XXBTZUSD', 'XBTUSD', 'XBT/USD', 'BTC/USD']) {
      expect(Object.keys(publicCall(exchange, 'Ticker', { pair }).result as object)).toEqual(['XXBTZUSD']);
    }
  });

  it.each([
    [{ type: 'buy', volume: '1', pair: 'XBTUSD' }, 'EGeneral:Invalid arguments:ordertype'],
    [
      { ordertype: 'limit', type: 'hold', volume: '1', pair: 'XBTUSD', price: '1' },
      'EGeneral:Invalid arguments:type',
    ],
    [{ ordertype: 'limit', type: 'buy', pair: 'XBTUSD', price: '1' }, 'EGeneral:Invalid arguments:volume'],
    [
      { ordertype: 'limit', type: 'buy', volume: '-1', pair: 'XBTUSD', price: '1' },
      'EGeneral:Invalid arguments:volume',
    ],
    [
      { ordertype: 'limit', type: 'buy', volume: '1e3', pair: 'XBTUSD', price: '1' },
      'EGeneral:Invalid arguments:volume',
    ],
    [{ ordertype: 'limit', type: 'buy', volume: '1', pair: 'XBTUSD' }, 'EGeneral:Invalid arguments:price'],
    [
      { ordertype: 'stop-loss-limit', type: 'sell', volume: '1', pair: 'XBTUSD', price: '60000' },
      'EGeneral:Invalid arguments:price2',
    ],
    [
      { ordertype: 'market', type: 'buy', volume: '1', pair: 'XBTUSD', oflags: 'post' },
      'EGeneral:Invalid arguments:oflags',
    ],
    [
      { ordertype: 'market', type: 'buy', volume: '1', pair: 'XBTUSD', leverage: 'lots' },
      'EGeneral:Invalid arguments:leverage',
    ],
    [
      {
        ordertype: 'limit',
        type: 'buy',
        volume: '1',
        pair: 'XBTUSD',
        price: '1',
        userref: 1,
        cl_ord_id: 'a',
      },
      'EGeneral:Invalid arguments:cl_ord_id',
    ],
    [
      { ordertype: 'limit', type: 'buy', volume: '1', pair: 'XBTUSD', price: '1', timeinforce: 'GTD' },
      'EGeneral:Invalid arguments:expiretm',
    ],
  ])('AddOrder %j → %s', (params, expected) => {
    const { exchange, key } = world();
    expect(call(exchange, key, 'AddOrder', params).error).toEqual([expected]);
  });

  it('private endpoints refuse GET', () => {
    const { exchange } = world();
    const response = exchange.handle({ method: 'GET', path: '/0/private/Balance', headers: {} });
    expect(response.status).toBe(405);
  });

  it('public endpoints also answer POST with form parameters', () => {
    const { exchange } = world();
    const response = exchange.handle({
      method: 'POST',
      path: '/0/public/AssetPairs',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'pair=ETHUSD',
    });
    expect(Object.keys(parseEnvelope(response).result as object)).toEqual(['XETHZUSD']);
  });

  it('an expired deadline is EService:Deadline elapsed', () => {
    const { exchange, key, clock } = world();
    const deadline = new Date(clock.now() - 1000).toISOString();
    const order = {
      ordertype: 'limit',
      type: 'buy',
      volume: '0.01',
      pair: 'XBTUSD',
      price: '60000',
      deadline,
    };
    expect(call(exchange, key, 'AddOrder', order).error).toEqual(['EService:Deadline elapsed']);
  });

  it('responses are Kraken envelopes with decimal strings', () => {
    const { exchange, key } = world();
    const response = exchange.handle({ method: 'GET', path: '/0/public/Time', headers: {} });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    const balance = call(exchange, key, 'Balance');
    expect(balance).toEqual({ error: [], result: expect.objectContaining({ ZUSD: '100000.0000' }) });
    expect(exchange.internalErrors).toEqual([]);
  });
});
