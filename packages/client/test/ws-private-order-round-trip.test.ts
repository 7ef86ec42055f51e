import { Decimal } from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenError, TransportError, ValidationError } from '../src/errors/index.js';
import { createLogger } from '../src/logger.js';
import { createWsClient, type WsClient } from '../src/ws/client.js';
import type { ExecutionsMessage } from '../src/ws/messages.js';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

let stub: KrakenWsStub;
let client: WsClient;
let tokens: number;

beforeEach(async () => {
  stub = await KrakenWsStub.start();
  tokens = 0;
  client = createWsClient({
    url: stub.url,
    authUrl: stub.url,
    getToken: async () => `tok-${++tokens}`,
    requestTimeoutMs: 1_500, // only the unanswered request times out, also on a loaded machine
  });
});

afterEach(async () => {
  await client.close();
  await stub.close();
});

const limitBuy = {
  order_type: 'limit',
  side: 'buy',
  symbol: 'BTC/USD',
  order_qty: '0.00100000',
  limit_price: '45000.5',
} as const;

describe('private WebSocket trading', () => {
  it('places an order with req_id matching, exact decimals on the wire, and sees it on executions', async () => {
    const executions = client.subscribe({ channel: 'executions' });
    const reports: ExecutionsMessage[] = [];
    void (async () => {
      for await (const message of executions) reports.push(message);
    })().catch(() => {});
    await executions.ready;

    const result = await client.addOrder({ ...limitBuy, cl_ord_id: 'my-order-1' });
    expect(result).toEqual({ order_id: 'OSTUB-00001', cl_ord_id: 'my-order-1' });
    const [sent] = stub.requests('add_order');
    // Validated once into Decimals (@krakenkit/core parseWsOrder): the value goes out exactly, trailing zeros do not.
    expect(sent?.raw).toContain('"order_qty":0.001,');
    expect(sent?.raw).toContain('"limit_price":45000.5');
    expect(sent?.message.params?.token).toBe('tok-1');
    expect(typeof sent?.message.req_id).toBe('number');

    await waitFor(() => reports.length === 2, 'executions update');
    expect(reports[1]).toMatchObject({
      channel: 'executions',
      type: 'update',
      sequence: 2,
      data: [{ exec_type: 'new', order_id: 'OSTUB-00001', cl_ord_id: 'my-order-1', order_qty: '0.001' }],
    });
    expect(tokens).toBe(1);
  });

  it('generates a cl_ord_id when none is given, and accepts Decimal inputs', async () => {
    const result = await client.addOrder({
      ...limitBuy,
      order_qty: new Decimal('0.5'),
      limit_price: new Decimal('45000.0'),
    });
    expect(result.cl_ord_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(stub.requests('add_order')[0]?.raw).toContain('"limit_price":45000,');
  });

  it('matches concurrent requests to their own responses', async () => {
    const results = await Promise.all([
      client.addOrder({ ...limitBuy, cl_ord_id: 'a' }),
      client.addOrder({ ...limitBuy, cl_ord_id: 'b' }),
      client.addOrder({ ...limitBuy, cl_ord_id: 'c' }),
    ]);
    expect(results.map((r) => r.cl_ord_id)).toEqual(['a', 'b', 'c']);
    expect(new Set(stub.requests('add_order').map((r) => r.message.req_id)).size).toBe(3);
  });

  it("throws Kraken's exact error string as a KrakenError named ws:add_order", async () => {
    stub.failNext.set('add_order', 'EOrder:Insufficient funds');
    const error = await client.addOrder(limitBuy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KrakenError);
    expect(error).toMatchObject({
      code: 'EOrder:Insufficient funds',
      endpoint: 'ws:add_order',
      category: 'exchange-rejection',
    });
  });

  it('reports a missing answer as an unknown outcome naming the cl_ord_id', async () => {
    stub.ignoreNext.add('add_order');
    const error = await client.addOrder({ ...limitBuy, cl_ord_id: 'lost-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      outcome: 'unknown',
      code: 'KRAKENKIT_WS_TIMEOUT',
      endpoint: 'ws:add_order',
      retryable: false,
    });
    expect((error as Error).message).toContain('lost-1');
  });

  it('refuses money given as a JS number before sending anything', async () => {
    const error = await client
      .addOrder({ ...limitBuy, order_qty: 0.001 as unknown as string })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'ws:add_order.order_qty', value: 0.001 });
    expect(stub.requests('add_order')).toHaveLength(0);
  });

  it('amends, cancels, batch-adds, cancels all and arms the dead man switch', async () => {
    const placed = await client.addOrder({ ...limitBuy, cl_ord_id: 'x1' });
    const amended = await client.amendOrder({ order_id: placed.order_id, limit_price: '44999.9' });
    expect(amended).toMatchObject({ amend_id: `A-${placed.order_id}`, order_id: placed.order_id });
    expect(stub.requests('amend_order')[0]?.raw).toContain('"limit_price":44999.9');

    const batch = await client.batchAdd({
      symbol: 'BTC/USD',
      orders: [
        { order_type: 'limit', side: 'sell', order_qty: '0.1', limit_price: '46000' },
        { order_type: 'limit', side: 'sell', order_qty: '0.2', limit_price: '46100', order_userref: 7 },
      ],
    });
    expect(batch).toHaveLength(2);
    expect(batch[1]).toMatchObject({ order_userref: 7 });

    const cancelled = await client.cancelOrder({ order_id: [placed.order_id, 'ONOPE-00000-XXXXXX'] });
    expect(cancelled).toEqual({
      cancelled: [{ order_id: placed.order_id, cl_ord_id: 'x1' }],
      failed: ['EOrder:Unknown order'],
    });
    await expect(client.cancelOrder({ cl_ord_id: ['gone'] })).rejects.toMatchObject({
      code: 'EOrder:Unknown order',
      endpoint: 'ws:cancel_order',
    });

    expect(await client.cancelAll()).toEqual({ count: 2 });
    expect(await client.cancelAllOrdersAfter({ timeout: 60 })).toEqual({
      currentTime: '2026-01-01T00:00:00.000Z',
      triggerTime: '2026-01-01T00:01:00.000Z',
    });
    expect(tokens).toBe(1);
  });

  it('fails private calls cleanly when no token getter is configured', async () => {
    const bare = createWsClient({ url: stub.url, authUrl: stub.url });
    await expect(bare.addOrder(limitBuy)).rejects.toMatchObject({ code: 'KRAKENKIT_WS_NO_TOKEN' });
    await bare.close();
  });

  it('rejects an invalid token on subscribe with Kraken’s error and never logs it', async () => {
    const bad = createWsClient({
      url: stub.url,
      authUrl: stub.url,
      getToken: async () => 'bad-secret-token',
    });
    const sub = bad.subscribe({ channel: 'balances' });
    const error = await sub.ready.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EAPI:Invalid key', endpoint: 'ws:subscribe' });
    expect(String((error as Error).message)).not.toContain('bad-secret-token');
    await bad.close();
  });
});

describe('secrets', () => {
  it('never writes the token into logs or error excerpts, through reconnects and malformed frames', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: { write: (line: string) => void lines.push(line) },
    });
    const secretClient = createWsClient({
      url: stub.url,
      authUrl: stub.url,
      getToken: async () => 'tok-SECRET-123',
      logger,
      reconnect: { baseDelayMs: 5, maxDelayMs: 10 },
    });
    const excerpts: string[] = [];
    secretClient.on('protocol-error', (event) => excerpts.push(event.error.excerpt, event.error.message));
    const executions = secretClient.subscribe({ channel: 'executions' });
    await executions.ready;
    await secretClient.addOrder({ ...limitBuy, cl_ord_id: 's1' });
    stub.broadcast('{"channel":"executions","type":"update","token":"tok-SECRET-123","data":"oops"}');
    const opened: boolean[] = [];
    secretClient.on('open', (event) => opened.push(event.reconnect));
    stub.dropAll();
    await waitFor(() => opened.includes(true), 'reconnected');
    await waitFor(() => excerpts.length === 2, 'protocol error');
    await secretClient.close();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('SECRET');
    expect(excerpts.join('\n')).not.toContain('SECRET');
    expect(excerpts[0]).toContain('"token":"[redacted]"');
  });
});
