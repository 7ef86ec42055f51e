import { randomBytes } from 'node:crypto';
import { createClient, type KrakenClient, ValidationError } from '@krakenkit/client';
import { createWsClient, type WsClient } from '@krakenkit/client/ws';
import { createGuard, type Guard } from '@krakenkit/guard';
import { guardWsClient } from '@krakenkit/guard/ws';
import { type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import { afterEach, describe, expect, it } from 'vitest';

// The guarded WebSocket path end to end: guardWsClient in front of the real WsClient, against the mock's
// WebSocket server. Issue 11: the caller's params are read once, by the one validation, whatever reads follow.

interface Harness {
  running: RunningMockExchange;
  rest: KrakenClient;
  ws: WsClient;
  guard: Guard;
  judged: number;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.ws.close();
  await h?.rest.close();
  await h?.running.close();
  h = undefined;
});

async function start(): Promise<Harness> {
  const apiKey = `ws-once-${randomBytes(4).toString('hex')}`;
  const apiSecret = randomBytes(64).toString('base64');
  const running = await startMockExchange({
    seed: 'ws-validated-once',
    pairs: ['XXBTZUSD'],
    ws: { heartbeatIntervalMs: 0 },
    accounts: [
      { id: 'it', tier: 'intermediate', apiKey, apiSecret, balances: { ZUSD: '1000000', XXBT: '10' } },
    ],
  });
  const rest = createClient({
    baseUrl: running.url,
    tier: 'intermediate',
    key: { name: 'it', apiKey, apiSecret, permissions: ['websocket', 'trades_modify', 'trades_close'] },
  });
  const ws = createWsClient({
    url: running.wsUrl,
    authUrl: running.wsUrl,
    getToken: async () => (await rest.getWebSocketsToken()).token,
  });
  // A fresh account: no open orders, no positions.
  const guard = createGuard(
    { tier: 'intermediate', assetPairs: (await rest.assetPairs()) as never },
    { openOrders: { open: {} }, openPositions: {} },
  );
  h = { running, rest, ws, guard, judged: 0 };
  const harness = h;
  guard.onAudit((event) => {
    if (event.type === 'decision') harness.judged += 1;
  });
  return harness;
}

/** The caller's params behind a Proxy that counts how often `field` is read (a validation reads it once). */
function counted<T extends object>(params: T, field: string) {
  const reads = { count: 0 };
  const proxy = new Proxy(params, {
    getOwnPropertyDescriptor(target, key) {
      if (key === field) reads.count += 1;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    get(target, key, receiver) {
      if (key === field) reads.count += 1;
      return Reflect.get(target, key, receiver);
    },
  });
  return { proxy, reads };
}

const BUY = { side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '30000.0' } as const;

describe('one validated WebSocket order travels from the caller to the frame', () => {
  it("reads the caller's add_order, batch_add, amend and cancel params once, guard and WS client included", async () => {
    const harness = await start();
    const guarded = guardWsClient(harness.ws, harness.guard);
    const account = harness.running.exchange.account('it');

    const add = counted({ symbol: 'BTC/USD', ...BUY }, 'order_qty');
    const placed = await guarded.addOrder(add.proxy);
    expect(add.reads.count).toBe(1);
    expect(account.orders.get(placed.order_id)?.volume.toString()).toBe('0.01');

    const first = counted({ ...BUY }, 'order_qty');
    const second = counted({ ...BUY, limit_price: '30001.0' }, 'order_qty');
    const batch = await guarded.batchAdd({ symbol: 'BTC/USD', orders: [first.proxy, second.proxy] });
    expect([first.reads.count, second.reads.count]).toEqual([1, 1]);
    expect(batch).toHaveLength(2);

    const amend = counted({ order_id: placed.order_id, order_qty: '0.02' }, 'order_qty');
    await guarded.amendOrder(amend.proxy);
    expect(amend.reads.count).toBe(1);
    expect(account.orders.get(placed.order_id)?.volume.toString()).toBe('0.02');

    const cancel = counted({ order_id: [placed.order_id] }, 'order_id');
    await guarded.cancelOrder(cancel.proxy);
    expect(cancel.reads.count).toBe(1);
    expect(harness.guard.orders().filter((order) => order.status === 'open')).toHaveLength(2);
  });

  it('refuses hostile params with a ValidationError naming the field before the guard reads them', async () => {
    const harness = await start();
    const guarded = guardWsClient(harness.ws, harness.guard);
    const account = harness.running.exchange.account('it');
    const getter = Object.defineProperty({ symbol: 'BTC/USD', ...BUY }, 'order_qty', {
      get: () => '0.01',
      enumerable: true,
    });
    const refusals = [
      guarded.addOrder({ symbol: 'BTC/USD', ...BUY, order_qty: 1 as never }),
      guarded.addOrder(getter),
      guarded.addOrder(JSON.parse('{"__proto__":{"polluted":1},"symbol":"BTC/USD"}')),
      guarded.amendOrder({ order_id: 'O1', order_qty: '-1' }),
      guarded.cancelOrder({ order_id: [''] }),
    ];
    const errors = await Promise.all(refusals.map((refusal) => refusal.catch((error: unknown) => error)));
    expect(errors.map((error) => (error as ValidationError).field)).toEqual([
      'ws:add_order.order_qty',
      'ws:add_order.order_qty',
      'ws:add_order.__proto__',
      'ws:amend_order.order_qty',
      'ws:cancel_order.order_id[0]',
    ]);
    for (const error of errors) expect(error).toBeInstanceOf(ValidationError);
    expect(harness.judged).toBe(0);
    expect(account.orders.size).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a raw call to the WebSocket client still validates, reading the params once', async () => {
    const harness = await start();
    const raw = counted({ symbol: 'BTC/USD', ...BUY }, 'order_qty');
    const placed = await harness.ws.addOrder(raw.proxy);
    expect(raw.reads.count).toBe(1);
    expect(placed.cl_ord_id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(
      harness.ws.addOrder({ symbol: 'BTC/USD', ...BUY, order_qty: 0.01 as never }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'ws:add_order.order_qty',
    });
    expect(harness.running.exchange.account('it').orders.size).toBe(1);
  });
});
