import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { DEFAULT_USER_AGENT, VERSION } from '../src/client/version.js';
import { createClient, type KrakenClient } from '../src/client.js';
import { KrakenkitError, PermissionError, ValidationError } from '../src/errors/index.js';
import { PERMISSIONS } from '../src/keys/permissions.js';
import type { Transport } from '../src/transport/types.js';
import { instantTimers, passthroughLimiter, testKey } from './helpers/fixtures.js';
import { BASE, type KrakenMock, mockKraken, type SeenRequest } from './helpers/msw-kraken.js';

let mock: KrakenMock | undefined;
const clients: KrakenClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  mock?.server.close();
  mock = undefined;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '37500', volume: '1.25' } as const;

function okAnswer(request: SeenRequest) {
  if (request.endpoint === 'AddOrder') return { result: { descr: { order: 'buy' }, txid: ['OTX-1'] } };
  if (request.endpoint === 'AddOrderBatch')
    return { result: { orders: [{ txid: 'OB-1' }, { txid: 'OB-2' }] } };
  if (request.endpoint === 'Time') return { result: { unixtime: 1, rfc1123: 'x' } };
  if (request.endpoint === 'AssetPairs') return { result: {} };
  return { result: {} };
}

function make(keyOverrides: Parameters<typeof testKey>[0] = {}, withKey = true) {
  const key = testKey(keyOverrides);
  mock = mockKraken(key.apiSecret, okAnswer);
  const limiter = passthroughLimiter();
  const client = createClient({
    baseUrl: BASE,
    fetch: (...args) => fetch(...args),
    ...(withKey ? { key } : {}),
    rateLimit: { limiter },
    timers: instantTimers(),
  });
  clients.push(client);
  return { client, mock, limiter, key };
}

describe('before anything is sent', () => {
  it('refuses a call the key does not declare a permission for, with nothing sent', async () => {
    const { client, mock } = make({ permissions: [PERMISSIONS.funds_query] });
    const error = await client.addOrder(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).required).toEqual([PERMISSIONS.trades_modify]);
    expect(mock.seen).toHaveLength(0);
  });

  it('accepts the short permission flags as aliases', async () => {
    const { client } = make({ permissions: ['trades_modify'] });
    await expect(client.addOrder(ORDER)).resolves.toMatchObject({ txid: ['OTX-1'] });
    expect(client.key).toEqual({ name: 'test-key', permissions: [PERMISSIONS.trades_modify] });
  });

  it('refuses private calls without a key but serves public ones', async () => {
    const { client, mock } = make({}, false);
    await expect(client.balance()).rejects.toMatchObject({ code: 'KRAKENKIT_NO_KEY' });
    await expect(client.time()).resolves.toEqual({ unixtime: 1, rfc1123: 'x' });
    expect(mock.seen.map((r) => r.endpoint)).toEqual(['Time']);
  });

  it('refuses bad params with a ValidationError and sends nothing', async () => {
    const { client, mock } = make();
    // A float where money is expected.
    const bad = { ...ORDER, volume: 1.25 } as unknown as typeof ORDER;
    await expect(client.addOrder(bad)).rejects.toBeInstanceOf(ValidationError);
    expect(mock.seen).toHaveLength(0);
  });
});

describe('client order ids', () => {
  it('gives AddOrder a UUID cl_ord_id and reports it with the txid to the limiter', async () => {
    const { client, mock, limiter } = make();
    await client.addOrder(ORDER);
    const clOrdId = mock.calls('AddOrder')[0]?.params['cl_ord_id'];
    expect(clOrdId).toMatch(UUID);
    expect(limiter.tickets[0]).toMatchObject({ endpoint: 'AddOrder', pair: 'XBTUSD', priority: 20 });
    expect(limiter.outcomes[0]).toEqual({ ok: true, created: [{ id: 'OTX-1', clOrdId, pair: 'XBTUSD' }] });
  });

  it('keeps a caller cl_ord_id, and adds none when the caller uses userref', async () => {
    const { client, mock } = make();
    await client.addOrder({ ...ORDER, cl_ord_id: 'my-order-1' });
    await client.addOrder({ ...ORDER, userref: 7 });
    const [first, second] = mock.calls('AddOrder');
    expect(first?.params['cl_ord_id']).toBe('my-order-1');
    expect(second?.params['cl_ord_id']).toBeUndefined();
    expect(second?.params['userref']).toBe('7');
  });

  it('gives each order of a batch its own UUID, sent as JSON', async () => {
    const { client, mock } = make();
    await client.addOrderBatch({
      pair: 'XBTUSD',
      orders: [
        { type: 'buy', ordertype: 'limit', price: '37000', volume: '1' },
        { type: 'buy', ordertype: 'limit', price: '36000', volume: '1', cl_ord_id: 'mine' },
      ],
    });
    const call = mock.calls('AddOrderBatch')[0];
    expect(call?.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const orders = call?.params['orders'] as Array<{ cl_ord_id: string }>;
    expect(orders[0]?.cl_ord_id).toMatch(UUID);
    expect(orders[1]?.cl_ord_id).toBe('mine');
    expect(call?.signatureValid).toBe(true);
  });
});

describe('what goes on the wire', () => {
  it('signs exactly the bytes it sends and sends the required headers', async () => {
    const { client, mock, key } = make();
    await client.addOrder({
      ...ORDER,
      expiretm: '+30',
      timeinforce: 'GTD',
      close: { ordertype: 'limit', price: '40000' },
    });
    await client.balance();
    for (const request of mock.seen) {
      expect(request.signatureValid).toBe(true);
      expect(request.headers.get('api-key')).toBe(key.apiKey);
      expect(request.headers.get('user-agent')).toBe(DEFAULT_USER_AGENT);
      expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded; charset=utf-8');
      expect(
        request.body.startsWith(`nonce=${request.nonce}&`) || request.body === `nonce=${request.nonce}`,
      ).toBe(true);
    }
    const order = mock.calls('AddOrder')[0];
    expect(order?.body).toContain('expiretm=%2B30');
    expect(order?.params['close[ordertype]']).toBe('limit');
  });

  it('sends public calls as GET with the query string and a User-Agent', async () => {
    const { client, mock } = make();
    await client.assetPairs({ pair: 'XBTUSD' });
    const call = mock.calls('AssetPairs')[0];
    expect(call?.method).toBe('GET');
    expect(call?.params).toEqual({ pair: 'XBTUSD' });
    expect(call?.headers.get('user-agent')).toBe(DEFAULT_USER_AGENT);
    expect(call?.headers.get('api-key')).toBeNull();
  });

  it('uses the package version in its User-Agent', () => {
    expect(VERSION).toBe(packageJson.version);
    expect(DEFAULT_USER_AGENT).toBe(`krakenkit/${packageJson.version} (+node)`);
  });
});

describe('client surface', () => {
  it('builds typed methods from the endpoint registry', () => {
    const { client } = make();
    expectTypeOf(client.balance).toBeCallableWith();
    expectTypeOf(client.addOrder).parameter(0).toHaveProperty('pair');
    expect(typeof client.cancelAll).toBe('function');
    expect(typeof client.getWebSocketsToken).toBe('function');
  });

  it('bounds a custom transport that only understands AbortSignal by folding the timeout into it', async () => {
    const hanging: Transport = {
      send: (request) =>
        new Promise((_resolve, reject) => {
          request.signal?.addEventListener('abort', () => reject(request.signal?.reason), { once: true });
        }),
    };
    const client = createClient({
      transport: hanging,
      key: testKey(),
      timeoutMs: 50,
      retry: { attempts: 1 },
      rateLimit: { limiter: passthroughLimiter() },
    });
    clients.push(client);
    await expect(client.balance()).rejects.toMatchObject({ code: 'KRAKENKIT_TIMEOUT', outcome: 'unknown' });
  });

  it('refuses calls after close()', async () => {
    const { client } = make();
    await client.close();
    const error = await client.balance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KrakenkitError);
    expect((error as KrakenkitError).code).toBe('KRAKENKIT_CLOSED');
  });

  it('refuses a second live client of the same key with a different nonce source', () => {
    const key = testKey();
    const first = createClient({ key, nonce: { next: () => '1' } });
    clients.push(first);
    expect(() => createClient({ key, nonce: { next: () => '2' } })).toThrow(/nonce source/);
  });
});
