/**
 * The REST benchmark's stub judges requests as Kraken does for a key without nonce window: a valid API-Sign
 * (official signing vector accepted), a nonce strictly above the last accepted one, Kraken's error strings otherwise.
 */
import type { AddressInfo } from 'node:net';
import { signRequest } from '@krakenkit/client';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKrakenStub } from '../bench/support/kraken-stub.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const PATH = '/0/private/AddOrder';
const ORDER = '&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25';
const stub = createKrakenStub([
  { apiKey: 'strict', apiSecret: SECRET, strictNonce: true },
  { apiKey: 'lenient', apiSecret: SECRET, strictNonce: false },
]);
let origin = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  stub.server.closeAllConnections();
  await new Promise((resolve) => stub.server.close(resolve));
});

async function addOrder(apiKey: string, nonce: number, sign?: string): Promise<string[]> {
  const body = `nonce=${nonce}${ORDER}`;
  const response = await request(`${origin}${PATH}`, {
    method: 'POST',
    body,
    headers: {
      'API-Key': apiKey,
      'API-Sign': sign ?? signRequest(SECRET, PATH, String(nonce), body),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
  });
  return ((await response.body.json()) as { error: string[] }).error;
}

describe('loopback Kraken stub', () => {
  it("accepts Kraken's official signing example and answers with a txid", async () => {
    const official =
      '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==';
    expect(await addOrder('strict', 1616492376594, official)).toEqual([]);
  });

  it('rejects a repeated or lower nonce on a strict key, and accepts the next higher one', async () => {
    expect(await addOrder('strict', 1616492376594)).toEqual(['EAPI:Invalid nonce']);
    expect(await addOrder('strict', 1616492376000)).toEqual(['EAPI:Invalid nonce']);
    expect(await addOrder('strict', 1616492376595)).toEqual([]);
  });

  it('lets a lenient key repeat nonces', async () => {
    expect(await addOrder('lenient', 5)).toEqual([]);
    expect(await addOrder('lenient', 5)).toEqual([]);
  });

  it('rejects a wrong signature and an unknown key with Kraken strings, and counts what it answered', async () => {
    expect(await addOrder('strict', 1616492399999, 'AAAA')).toEqual(['EAPI:Invalid signature']);
    expect(await addOrder('nobody', 1616492399999)).toEqual(['EAPI:Invalid key']);
    expect(stub.stats().strict).toMatchObject({ accepted: 2, invalidNonce: 2, invalidSignature: 1 });
    expect(stub.stats().lenient).toMatchObject({ accepted: 2, invalidNonce: 0, invalidSignature: 0 });
  });

  it('serves a BTC/USD pair for CCXT market loading', async () => {
    const response = await request(`${origin}/0/public/AssetPairs`);
    const body = (await response.body.json()) as { result: Record<string, { wsname: string }> };
    expect(body.result.XXBTZUSD?.wsname).toBe('XBT/USD');
  });
});
