import { afterEach, describe, expect, it } from 'vitest';
import { type RunningMockExchange, startMockExchange } from '../src/adapters/server.js';
import { limitBuy } from './support/orders.js';
import { type Envelope, signedRequest, type TestKey } from './support/signer.js';
import { newKey } from './support/world.js';

let running: RunningMockExchange | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(key: TestKey, extra: Parameters<typeof startMockExchange>[0] = {}) {
  running = await startMockExchange({
    seed: 'http',
    accounts: [
      {
        id: 'main',
        tier: 'intermediate',
        ...key,
        balances: { ZUSD: '100000', XXBT: '1' },
        ipAllowlist: ['127.0.0.1'],
      },
    ],
    ...extra,
  });
  return running;
}

async function post(
  base: string,
  key: TestKey,
  method: string,
  params: Record<string, unknown> = {},
): Promise<Envelope> {
  const request = signedRequest(key, method, params);
  const response = await fetch(base + request.path, {
    method: 'POST',
    headers: request.headers as Record<string, string>,
    body: request.body!,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Envelope;
}

describe('startMockExchange (node:http on 127.0.0.1)', () => {
  it('serves public GETs and signed private POSTs, seeing the loopback address', async () => {
    const key = newKey('http');
    const server = await start(key);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.port}/v2`);
    const time = (await (await fetch(`${server.url}/0/public/Time`)).json()) as Envelope;
    expect(time.error).toEqual([]);
    const balance = await post(server.url, key, 'Balance');
    expect(balance.result).toMatchObject({ ZUSD: '100000.0000' });
    const placed = await post(server.url, key, 'AddOrder', limitBuy('0.01', '60000.0'));
    expect(placed.error).toEqual([]);
  });

  it('a lost response destroys the socket after the order was placed', async () => {
    const key = newKey('lost');
    const server = await start(key);
    server.exchange.faults.add({ kind: 'lost-response', endpoints: ['AddOrder'], times: 1 });
    await expect(
      post(server.url, key, 'AddOrder', limitBuy('0.01', '60000.0', { cl_ord_id: 'lost-http' })),
    ).rejects.toThrow();
    const open = await post(server.url, key, 'OpenOrders', { cl_ord_id: 'lost-http' });
    expect(Object.keys((open.result as { open: object }).open)).toHaveLength(1);
  });

  it('http-5xx reaches the client as that status', async () => {
    const key = newKey('5xx');
    const server = await start(key, { faults: [{ kind: 'http-5xx', endpoints: ['Time'], status: 520 }] });
    const response = await fetch(`${server.url}/0/public/Time`);
    expect(response.status).toBe(520);
  });

  it('a connection reset fails the request and places nothing', async () => {
    const key = newKey('reset');
    const server = await start(key, { faults: [{ kind: 'connection-reset', endpoints: ['AddOrder'] }] });
    await expect(post(server.url, key, 'AddOrder', limitBuy('0.01', '60000.0'))).rejects.toThrow();
    expect(server.exchange.account('main').orders.size).toBe(0);
  });

  it('port 0 gives each server its own free port; close() frees it', async () => {
    const a = await startMockExchange({ accounts: [] });
    const b = await startMockExchange({ accounts: [] });
    expect(a.port).not.toBe(b.port);
    await a.close();
    await b.close();
    await expect(fetch(`${a.url}/0/public/Time`)).rejects.toThrow();
  });
});
