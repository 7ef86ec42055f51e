import { afterEach, describe, expect, it } from 'vitest';
import { parseForm } from '../src/endpoints/body.js';
import { nextNonce, parseEnvelope, signedBody } from './support/signer.js';
import { world } from './support/world.js';

const probe = (): Record<string, unknown> => ({});

afterEach(() => {
  // Belt and braces: a failure here must not leak into other tests of the same worker.
  for (const name of ['polluted', 'viaConstructor'])
    delete (Object.prototype as Record<string, unknown>)[name];
});

describe('form keys with prototype segments', () => {
  it('are refused as invalid arguments and never reach Object.prototype', () => {
    for (const body of [
      '__proto__[polluted]=yes',
      'constructor[prototype][viaConstructor]=1',
      'a[__proto__][polluted]=1',
    ]) {
      expect(() => parseForm(body)).toThrow(/EGeneral:Invalid arguments/);
      expect(probe()['polluted']).toBeUndefined();
      expect(probe()['viaConstructor']).toBeUndefined();
    }
  });

  it('answer a public query with an E-string envelope, not an internal error', () => {
    const { exchange } = world();
    const response = exchange.handle({
      method: 'GET',
      path: '/0/public/Ticker?pair=XBTUSD&__proto__[polluted]=yes',
      headers: {},
    });
    expect(JSON.parse(response.body)).toEqual({ error: ['EGeneral:Invalid arguments:__proto__[polluted]'] });
    expect(exchange.internalErrors).toEqual([]);
    expect(probe()['polluted']).toBeUndefined();
  });

  it('refuse keys nested deeper than Kraken ever nests, instead of overflowing the stack', () => {
    const { exchange } = world();
    for (const body of [`${'d['.repeat(5_000)}x=1`, `${'['.repeat(50_000)}${']'.repeat(50_000)}`]) {
      const response = exchange.handle({ method: 'POST', path: '/0/public/Ticker', headers: {}, body });
      expect(JSON.parse(response.body).error[0]).toMatch(/^EGeneral:Invalid arguments:/);
    }
    expect(exchange.internalErrors).toEqual([]);
    expect(parseForm('orders[0][close][price]=1')).toEqual({ orders: [{ close: { price: '1' } }] });
  });

  it('still decode ordinary nested keys', () => {
    expect(parseForm('close[ordertype]=limit&close[price]=1&txid=A,B')).toEqual({
      close: { ordertype: 'limit', price: '1' },
      txid: 'A,B',
    });
  });
});

describe('a field named twice', () => {
  it('refuses the call by the field, signed or public, and places nothing', () => {
    const { exchange, key } = world();
    for (const [fields, name] of [
      ['pair=XBTUSD&pair=ETHUSD&type=buy&ordertype=market&volume=0.01', 'pair'],
      ['pair=XBTUSD&type=buy&ordertype=market&volume=0.01&volume=5000', 'volume'],
    ] as const) {
      const nonce = nextNonce();
      const body = `nonce=${nonce}&${fields}`;
      const response = exchange.handle(signedBody(key, 'AddOrder', nonce, body));
      expect(parseEnvelope(response).error).toEqual([`EGeneral:Invalid arguments:${name}`]);
    }
    expect(exchange.account('main').orders.size).toBe(0);
    const ticker = exchange.handle({
      method: 'GET',
      path: '/0/public/Ticker?pair=XBTUSD&pair=ETHUSD',
      headers: {},
    });
    expect(JSON.parse(ticker.body)).toEqual({ error: ['EGeneral:Invalid arguments:pair'] });
    expect(exchange.internalErrors).toEqual([]);
  });
});
