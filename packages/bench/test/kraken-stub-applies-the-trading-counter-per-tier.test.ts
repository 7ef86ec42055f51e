/**
 * The trading bench's stub applies Kraken's matching-engine counter of a key's tier as documented: one counter per
 * pair, AddOrder +1, CancelOrder by the order's age, `EOrder:Rate limit exceeded` (charging nothing) for any trading
 * call over the threshold, single cancels included; queries keep their own REST counter; a key without tier has no
 * trading counter. Its clock is frozen here and moved by hand, so nothing depends on timing. Its AddOrder and
 * CancelOrder answers pass krakenkit's own response checks.
 */
import type { AddressInfo } from 'node:net';
import { ALL_PERMISSIONS, createClient, signRequest } from '@krakenkit/client';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKrakenStub } from '../bench/support/kraken-stub.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
let clock = 1_767_225_600_000;
const stub = createKrakenStub(
  [
    { apiKey: 'starter', apiSecret: SECRET, strictNonce: true, tier: 'starter' },
    { apiKey: 'starter-cancel', apiSecret: SECRET, strictNonce: true, tier: 'starter' },
    { apiKey: 'pro', apiSecret: SECRET, strictNonce: true, tier: 'pro' },
    { apiKey: 'pro-client', apiSecret: SECRET, strictNonce: true, tier: 'pro' },
    { apiKey: 'untiered', apiSecret: SECRET, strictNonce: true },
  ],
  { now: () => clock },
);
let origin = '';
let nonce = 1_000_000;

beforeAll(async () => {
  await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  stub.server.closeAllConnections();
  await new Promise((resolve) => stub.server.close(resolve));
});

interface Envelope {
  error: string[];
  result?: { txid?: string[]; count?: number };
}

async function call(apiKey: string, method: string, params = ''): Promise<Envelope> {
  nonce += 1;
  const path = `/0/private/${method}`;
  const body = `nonce=${nonce}${params}`;
  const response = await request(`${origin}${path}`, {
    method: 'POST',
    body,
    headers: {
      'API-Key': apiKey,
      'API-Sign': signRequest(SECRET, path, String(nonce), body),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
  });
  return (await response.body.json()) as Envelope;
}

const order = (pair = 'XBTUSD', clOrdId?: string) => {
  const form = `&ordertype=limit&pair=${pair}&price=37500&type=buy&volume=1.25`;
  return clOrdId === undefined ? form : `${form}&cl_ord_id=${clOrdId}`;
};
const txidOf = (answer: Envelope) => answer.result?.txid?.[0] ?? '';
const RATE_LIMITED = ['EOrder:Rate limit exceeded'];

async function adds(count: number, apiKey: string): Promise<string[]> {
  const txids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const answer = await call(apiKey, 'AddOrder', order());
    expect(answer.error).toEqual([]);
    txids.push(txidOf(answer));
  }
  return txids;
}

describe('the stub matching-engine counter per tier', () => {
  it('charges each add +1 on its pair, refuses the one past the threshold, and leaves the REST counter alone', async () => {
    await adds(60, 'starter');
    expect((await call('starter', 'AddOrder', order())).error).toEqual(RATE_LIMITED);
    // The same pair under CCXT's name shares the counter; another pair has its own.
    expect((await call('starter', 'AddOrder', order('XXBTZUSD'))).error).toEqual(RATE_LIMITED);
    expect((await call('starter', 'AddOrder', order('ETHUSD'))).error).toEqual([]);
    expect((await call('starter', 'Balance')).error).toEqual([]);
    clock += 1000; // one unit decayed at 1 per second
    expect((await call('starter', 'AddOrder', order())).error).toEqual([]);
    const stats = stub.stats()['starter']!;
    expect(stats).toMatchObject({
      addsAccepted: 62,
      cancelsAccepted: 0,
      tradingRateLimited: 2,
      rateLimited: 0,
    });
    expect(stats.tradingCharges.reduce((sum, charge) => sum + charge.units, 0)).toBe(62);
    expect(stats.tradingCharges.at(-1)).toEqual({ at: clock, units: 1 });
    expect(stats.queriesAcceptedAt).toHaveLength(1);
  });

  it('charges a cancel by the age of its order, by txid or cl_ord_id, and forgets the order', async () => {
    const first = txidOf(await call('pro', 'AddOrder', order()));
    const second = txidOf(await call('pro', 'AddOrder', order()));
    const clOrdId = '6d1b2c9e-4f0a-4b8e-9d3c-2a1f0e9b8c7d';
    expect((await call('pro', 'AddOrder', order('XBTUSD', clOrdId))).error).toEqual([]);
    clock += 4_999;
    expect(await call('pro', 'CancelOrder', `&txid=${first}`)).toEqual({ error: [], result: { count: 1 } });
    clock += 1;
    expect((await call('pro', 'CancelOrder', `&txid=${second}`)).error).toEqual([]);
    clock += 295_000;
    expect((await call('pro', 'CancelOrder', `&cl_ord_id=${clOrdId}`)).error).toEqual([]);
    expect((await call('pro', 'CancelOrder', `&txid=${first}`)).error).toEqual(['EOrder:Unknown order']);
    const stats = stub.stats()['pro']!;
    expect(stats.tradingCharges.map((charge) => charge.units)).toEqual([1, 1, 1, 8, 6, 0]);
    expect(stats).toMatchObject({ addsAccepted: 3, cancelsAccepted: 3, tradingRateLimited: 0 });
  });

  it('refuses a single cancel that would pass the threshold, charging nothing, until decay and age make room', async () => {
    const [oldest] = await adds(60, 'starter-cancel');
    const tryCancel = () => call('starter-cancel', 'CancelOrder', `&txid=${oldest}`);
    expect((await tryCancel()).error).toEqual(RATE_LIMITED); // 60 + 8
    clock += 3_000;
    expect((await tryCancel()).error).toEqual(RATE_LIMITED); // 57 + 8
    clock += 3_000;
    expect((await tryCancel()).error).toEqual([]); // 54 + 6: the order is 6 s old
    expect((await call('starter-cancel', 'AddOrder', order())).error).toEqual(RATE_LIMITED);
    const stats = stub.stats()['starter-cancel']!;
    expect(stats).toMatchObject({ addsAccepted: 60, cancelsAccepted: 1, tradingRateLimited: 3 });
    expect(stats.tradingCharges.at(-1)).toEqual({ at: clock, units: 6 });
  });

  it('gives a key without tier no trading counter', async () => {
    const txids = await adds(200, 'untiered');
    expect((await call('untiered', 'CancelOrder', `&txid=${txids[0]}`)).error).toEqual([]);
    expect(stub.stats()['untiered']).toMatchObject({
      accepted: 201,
      addsAccepted: 0,
      cancelsAccepted: 0,
      tradingRateLimited: 0,
      tradingCharges: [],
    });
  });

  it("answers AddOrder and CancelOrder in shapes krakenkit's client accepts", async () => {
    const client = createClient({
      baseUrl: origin,
      tier: 'pro',
      key: { name: 'pro-client', apiKey: 'pro-client', apiSecret: SECRET, permissions: ALL_PERMISSIONS },
    });
    try {
      const added = await client.addOrder({
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '37500',
        volume: '1.25',
      });
      expect(added.txid).toHaveLength(1);
      expect((await client.cancelOrder({ txid: added.txid?.[0] ?? '' })).count).toBe(1);
      expect(stub.stats()['pro-client']).toMatchObject({ addsAccepted: 1, cancelsAccepted: 1 });
    } finally {
      await client.close();
    }
  });
});
