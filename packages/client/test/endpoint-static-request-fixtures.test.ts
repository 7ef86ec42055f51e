import { describe, expect, it } from 'vitest';
import { encodePrivateBody, encodeQuery } from '../src/encoding.js';
import { type EndpointName, endpoints } from '../src/endpoints/index.js';
import { signRequest } from '../src/signing.js';
import { FIXTURES } from './fixtures/endpoint-requests.js';

function toWire(method: EndpointName, params: unknown): Record<string, unknown> {
  const descriptor = endpoints[method] as { toWire(params: unknown): Record<string, unknown> };
  return descriptor.toWire(params);
}

describe('static request fixtures: method + arguments → wire params', () => {
  it.each(FIXTURES.map((fixture, index) => [`${index} ${fixture.method}`, fixture] as const))(
    '%s',
    (_, fixture) => {
      const wire = toWire(fixture.method, fixture.params);
      expect(wire).toEqual(fixture.wire);
      // Key order is part of the bytes that get signed.
      expect(Object.keys(wire)).toEqual(Object.keys(fixture.wire));
    },
  );

  it('covers every endpoint in the registry', () => {
    const covered = new Set(FIXTURES.map((fixture) => fixture.method));
    expect(Object.keys(endpoints).filter((name) => !covered.has(name as EndpointName))).toEqual([]);
  });

  it('does not depend on the order the caller wrote the params in', () => {
    const a = toWire('addOrder', {
      ordertype: 'limit',
      type: 'buy',
      volume: '1',
      pair: 'XBTUSD',
      price: '1',
    });
    const b = toWire('addOrder', {
      price: '1',
      pair: 'XBTUSD',
      volume: '1',
      type: 'buy',
      ordertype: 'limit',
    });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('static request fixtures: exact bytes', () => {
  it("reproduces Kraken's official AddOrder signing example end to end", () => {
    const wire = toWire('addOrder', {
      ordertype: 'limit',
      type: 'buy',
      volume: '1.25',
      pair: 'XBTUSD',
      price: '37500',
    });
    const body = encodePrivateBody(endpoints.addOrder.encoding as 'form', '1616492376594', wire);
    expect(body).toBe('nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25');
    const secret = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
    expect(signRequest(secret, '/0/private/AddOrder', '1616492376594', body)).toBe(
      '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
    );
  });

  it('form-encodes a conditional close and relative times the way Kraken decodes them', () => {
    const wire = toWire('addOrder', {
      ordertype: 'limit',
      type: 'buy',
      volume: '1',
      pair: 'XBTUSD',
      price: '+5',
      expiretm: '+60',
      timeinforce: 'GTD',
      close: { ordertype: 'limit', price: '#1%' },
    });
    expect(encodePrivateBody('form', '7', wire)).toBe(
      'nonce=7&close%5Bordertype%5D=limit&close%5Bprice%5D=%231%25&expiretm=%2B60&ordertype=limit&pair=XBTUSD&price=%2B5&timeinforce=GTD&type=buy&volume=1',
    );
  });

  it('sends AddOrderBatch and CancelOrderBatch as JSON with the nonce first', () => {
    expect(endpoints.addOrderBatch.encoding).toBe('json');
    const batch = toWire('addOrderBatch', {
      pair: 'XBTUSD',
      orders: [
        { ordertype: 'limit', type: 'buy', volume: '1', price: '100' },
        { ordertype: 'limit', type: 'sell', volume: '1', price: '110', reduce_only: false },
      ],
    });
    expect(encodePrivateBody('json', '8', batch)).toBe(
      '{"nonce":8,"orders":[{"ordertype":"limit","price":"100","type":"buy","volume":"1"},{"ordertype":"limit","price":"110","reduce_only":false,"type":"sell","volume":"1"}],"pair":"XBTUSD"}',
    );
    const cancel = toWire('cancelOrderBatch', { orders: ['OUF4EM-FRGI2-MQMWZD'] });
    expect(encodePrivateBody('json', '9', cancel)).toBe('{"nonce":9,"orders":["OUF4EM-FRGI2-MQMWZD"]}');
  });

  it('puts public params in the query string', () => {
    expect(encodeQuery(toWire('depth', { pair: 'XBTUSD', count: 5 }))).toBe('count=5&pair=XBTUSD');
    expect(encodeQuery(toWire('ticker', { pair: ['XBTUSD', 'BTC/USD'] }))).toBe('pair=XBTUSD%2CBTC%2FUSD');
  });
});
