import { describe, expect, it } from 'vitest';
import { computeApiSign } from '../src/auth/signature.js';
import { call, parseEnvelope, signedBody, signedRequest } from './support/signer.js';
import { newKey, world } from './support/world.js';

describe('API-Sign verification', () => {
  it("reproduces the official test vector of Kraken's docs", () => {
    const secret = Buffer.from(
      'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==',
      'base64',
    );
    const body = 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25';
    const signature = computeApiSign(secret, '/0/private/AddOrder', '1616492376594', body).toString('base64');
    expect(signature).toBe(
      '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
    );
  });

  it('accepts form-encoded and JSON bodies signed over their exact bytes', () => {
    const { exchange, key } = world();
    expect(call(exchange, key, 'Balance', {}, { encoding: 'form' }).error).toEqual([]);
    expect(call(exchange, key, 'Balance', {}, { encoding: 'json' }).error).toEqual([]);
  });

  it('accepts a JSON body whose nonce is a number, signed with its decimal text', () => {
    const { exchange, key } = world();
    const nonce = '1767225600000123';
    const body = `{"nonce":${nonce},"asset":"ZUSD"}`;
    const response = exchange.handle(signedBody(key, 'TradeBalance', nonce, body, 'json'));
    expect(parseEnvelope(response).error).toEqual([]);
  });

  it('rejects a body changed after signing with EAPI:Invalid signature', () => {
    const { exchange, key } = world();
    const request = signedRequest(key, 'AddOrder', {
      ordertype: 'limit',
      type: 'buy',
      volume: '0.01',
      pair: 'XBTUSD',
      price: '60000',
    });
    const tampered = { ...request, body: request.body!.replace('volume=0.01', 'volume=1.00') };
    expect(parseEnvelope(exchange.handle(tampered)).error).toEqual(['EAPI:Invalid signature']);
    expect([...exchange.account('main').orders.values()]).toHaveLength(0);
  });

  it('rejects a signature made with another secret, or for another path', () => {
    const { exchange, key } = world();
    const other = newKey('other');
    expect(call(exchange, { apiKey: key.apiKey, apiSecret: other.apiSecret }, 'Balance').error).toEqual([
      'EAPI:Invalid signature',
    ]);
    const request = signedRequest(key, 'Balance');
    const moved = { ...request, path: '/0/private/BalanceEx' };
    expect(parseEnvelope(exchange.handle(moved)).error).toEqual(['EAPI:Invalid signature']);
  });

  it('rejects a missing signature header', () => {
    const { exchange, key } = world();
    const request = signedRequest(key, 'Balance');
    const headers = { ...request.headers, 'API-Sign': undefined };
    expect(parseEnvelope(exchange.handle({ ...request, headers })).error).toEqual(['EAPI:Invalid signature']);
  });

  it('answers EAPI:Invalid key for an unknown key, a missing key and a revoked key', () => {
    const { exchange, key } = world();
    expect(call(exchange, newKey('stranger'), 'Balance').error).toEqual(['EAPI:Invalid key']);
    const request = signedRequest(key, 'Balance');
    const headers = { ...request.headers, 'API-Key': undefined };
    expect(parseEnvelope(exchange.handle({ ...request, headers })).error).toEqual(['EAPI:Invalid key']);
    exchange.revokeKey(key.apiKey);
    expect(call(exchange, key, 'Balance').error).toEqual(['EAPI:Invalid key']);
  });

  it('checks header names case-insensitively, as HTTP does', () => {
    const { exchange, key } = world();
    const request = signedRequest(key, 'Balance');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(parseEnvelope(exchange.handle({ ...request, headers })).error).toEqual([]);
  });
});
