/**
 * The budget bench's stub applies Kraken's REST call counter of a key's tier as documented: the maximum at once,
 * one more call per unit decayed, `EAPI:Rate limit exceeded` (charging nothing) over it, trading calls not charged,
 * no counter for a key without tier. Its clock is frozen here and moved by hand, so nothing depends on timing. Its
 * query answers pass krakenkit's own response checks.
 */
import type { AddressInfo } from 'node:net';
import { ALL_PERMISSIONS, createClient, signRequest } from '@krakenkit/client';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKrakenStub } from '../bench/support/kraken-stub.js';
import { callsAllowed, RestCounterModel } from '../bench/support/rest-counter-model.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
let clock = 1_767_225_600_000;
const stub = createKrakenStub(
  [
    { apiKey: 'starter', apiSecret: SECRET, strictNonce: true, tier: 'starter' },
    { apiKey: 'pro', apiSecret: SECRET, strictNonce: true, tier: 'pro' },
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

async function call(apiKey: string, method: string, params = ''): Promise<string[]> {
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
  return ((await response.body.json()) as { error: string[] }).error;
}

async function times(count: number, apiKey: string, method: string): Promise<string[][]> {
  const answers: string[][] = [];
  for (let i = 0; i < count; i += 1) answers.push(await call(apiKey, method));
  return answers;
}

describe('the stub REST counter per tier', () => {
  it('accepts a starter key its 15 queries at once, refuses the 16th, and one more after a unit has decayed', async () => {
    const burst = await times(15, 'starter', 'Balance');
    expect(burst.every((errors) => errors.length === 0)).toBe(true);
    expect(await call('starter', 'OpenOrders')).toEqual(['EAPI:Rate limit exceeded']);
    clock += 3000; // 0.99 units at 0.33 per second: still full
    expect(await call('starter', 'QueryOrders', '&txid=OQCLML-BW3P3-BUCMWZ')).toEqual([
      'EAPI:Rate limit exceeded',
    ]);
    clock += 100; // 1.02 units decayed
    expect(await call('starter', 'QueryOrders', '&txid=OQCLML-BW3P3-BUCMWZ')).toEqual([]);
    expect(await call('starter', 'Balance')).toEqual(['EAPI:Rate limit exceeded']);
    const stats = stub.stats()['starter']!;
    expect(stats.rateLimited).toBe(3);
    expect(stats.accepted).toBe(16);
    expect(stats.queriesAcceptedAt).toHaveLength(16);
    expect(stats.queriesAcceptedAt.at(-1)).toBe(clock);
  });

  it('does not charge AddOrder (a trading call) to the REST counter', async () => {
    expect((await times(20, 'pro', 'Balance')).every((errors) => errors.length === 0)).toBe(true);
    expect(await call('pro', 'Balance')).toEqual(['EAPI:Rate limit exceeded']);
    const order = '&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25';
    expect(await call('pro', 'AddOrder', order)).toEqual([]);
  });

  it('gives a key without tier no counter', async () => {
    const answers = await times(40, 'untiered', 'Balance');
    expect(answers.every((errors) => errors.length === 0)).toBe(true);
    expect(stub.stats()['untiered']).toMatchObject({ accepted: 40, rateLimited: 0, queriesAcceptedAt: [] });
  });

  it("answers Balance, OpenOrders and QueryOrders in shapes krakenkit's client accepts", async () => {
    const client = createClient({
      baseUrl: origin,
      key: { name: 'untiered', apiKey: 'untiered', apiSecret: SECRET, permissions: ALL_PERMISSIONS },
    });
    try {
      expect((await client.balance())['ZUSD']).toBe('1000000.0000');
      const open = await client.openOrders();
      expect(Object.values(open.open)[0]?.descr.pair).toBe('XBTUSD');
      const queried = await client.queryOrders({ txid: ['OAAAAA-AAAAA-AAAAAA', 'OBBBBB-BBBBB-BBBBBB'] });
      expect(Object.keys(queried)).toEqual(['OAAAAA-AAAAA-AAAAAA', 'OBBBBB-BBBBB-BBBBBB']);
    } finally {
      await client.close();
    }
  });
});

describe('the documented allowance', () => {
  it('is the maximum plus one call per unit decayed in the window, whole calls only', () => {
    expect(callsAllowed('starter', 15)).toBe(19); // 15 + 4.95
    expect(callsAllowed('intermediate', 15)).toBe(27); // 20 + 7.5
    expect(callsAllowed('pro', 15)).toBe(35); // 20 + 15
    expect(callsAllowed('pro', 0)).toBe(20);
  });

  it('tells a pacing client how long until the next call fits', () => {
    const counter = new RestCounterModel({ max: 20, decayPerSecond: 0.5 }, 0);
    for (let i = 0; i < 20; i += 1) expect(counter.tryCharge(1, 0)).toBe(true);
    expect(counter.msUntilFits(1, 0)).toBe(2000);
    expect(counter.msUntilFits(1, 500)).toBeCloseTo(1500, 6);
    expect(counter.tryCharge(1, 1999)).toBe(false);
    expect(counter.tryCharge(1, 2000)).toBe(true);
    counter.charge(1, 2000);
    expect(counter.valueAt(2000)).toBe(21);
  });
});
