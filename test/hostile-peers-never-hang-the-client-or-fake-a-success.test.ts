/**
 * Adversarial peers against the client, through its public entries and real loopback sockets (issue 13): an HTTP
 * peer that answers with an endless body or with an empty success, and a WebSocket peer that acknowledges a book
 * subscription but never sends its snapshot, or is not there at all when the bot starts. And one grammar: the
 * guard and the client accept and refuse the same leverage spellings. Each case proves itself by what comes back
 * (a typed error, the next call answered, a verified book), never by a time slept.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createClient,
  type KrakenClient,
  OrderNotPlacedError,
  TransportError,
  ValidationError,
} from '@krakenkit/client';
import { createWsClient, type WsClient } from '@krakenkit/client/ws';
import { createGuard, guardClient } from '@krakenkit/guard';
import { mockTransport, startMockExchange } from '@krakenkit/mock-exchange';
import { waitFor } from '@krakenkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';

const MIB = 1024 * 1024;
const apiSecret = randomBytes(64).toString('base64');
const KEY = {
  name: 'bot',
  apiKey: 'hostile-peer-key',
  apiSecret,
  permissions: ['funds_query', 'trades_query_open', 'trades_query_closed', 'trades_modify', 'trades_close'],
} as const;
const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '37500', volume: '0.01' } as const;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An HTTP peer on 127.0.0.1 whose answer to each path the test decides; it records every path it was asked. */
async function peer(
  answer: (path: string, res: ServerResponse) => void,
): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      paths.push(path);
      answer(path, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/** Writes `{"error":[],"result":"xxx…` without end, as fast as the client reads it, until the client goes. */
function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"error":[],"result":"');
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const pump = (): void => {
    while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
  };
  pump();
}

function client(url: string, extra: Partial<Parameters<typeof createClient>[0]> = {}): KrakenClient {
  const made = createClient({
    baseUrl: url,
    key: KEY,
    retry: { attempts: 1, reconcileDelayMs: 0 },
    ...extra,
  });
  cleanups.push(() => made.close());
  return made;
}

describe('an HTTP peer that never stops answering', () => {
  it('fails the call with RESPONSE_TOO_LARGE, and the dead man’s switch and a cancel of the same key still go out', async () => {
    let hostile = true;
    const kraken = await peer((path, res) => {
      if (hostile && path.endsWith('/Balance')) return endless(res);
      if (path.endsWith('/CancelAllOrdersAfter'))
        return json(res, { error: [], result: { currentTime: 'now', triggerTime: 'later' } });
      if (path.endsWith('/CancelAll')) return json(res, { error: [], result: { count: 0 } });
      json(res, { error: [], result: { ZUSD: '1.0000' } });
    });
    const rest = client(kraken.url, { maxResponseBytes: 4 * MIB });
    const failure = await rest.balance().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportError);
    expect(failure).toMatchObject({ code: 'KRAKENKIT_RESPONSE_TOO_LARGE', outcome: 'unknown' });
    hostile = false;
    await expect(rest.cancelAllOrdersAfter({ timeout: 60 })).resolves.toMatchObject({ triggerTime: 'later' });
    await expect(rest.cancelAll()).resolves.toEqual({ count: 0 });
  });
});

describe('an HTTP peer that reports success without saying what happened', () => {
  it('an AddOrder without a txid is reconciled by cl_ord_id: proved absent, OrderNotPlacedError; never re-sent', async () => {
    const kraken = await peer((path, res) => {
      if (path.endsWith('/AddOrder')) return json(res, { error: [], result: { descr: { order: 'buy' } } });
      if (path.endsWith('/OpenOrders')) return json(res, { error: [], result: { open: {} } });
      json(res, { error: [], result: { closed: {}, count: 0 } });
    });
    const failure = await client(kraken.url)
      .addOrder(ORDER)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OrderNotPlacedError);
    expect(kraken.paths.filter((path) => path.endsWith('/AddOrder'))).toHaveLength(1);
  });

  it('"result": null is a typed failure, not an empty success', async () => {
    const kraken = await peer((_path, res) => json(res, { error: [], result: null }));
    await expect(client(kraken.url).balance()).rejects.toMatchObject({ code: 'KRAKENKIT_BAD_ENVELOPE' });
  });
});

describe('a WebSocket peer', () => {
  function ws(options: Parameters<typeof createWsClient>[0]): WsClient {
    const made = createWsClient(options);
    cleanups.push(() => made.close());
    return made;
  }

  it('that withholds a book snapshot: the book is resubscribed after the snapshot timeout, not awaited for ever', async () => {
    // A peer that acknowledges every request and never sends a book.
    const acksOnly = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(acksOnly, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => acksOnly.close(() => resolve())));
    let subscribes = 0;
    acksOnly.on('connection', (socket) => {
      socket.on('message', (data) => {
        const request = JSON.parse(String(data)) as {
          method: string;
          req_id: number;
          params?: { symbol?: string[] };
        };
        const symbol = request.params?.symbol?.[0] ?? 'BTC/USD';
        if (request.method === 'subscribe') subscribes += 1;
        // Every request is acknowledged; no book snapshot ever follows.
        socket.send(
          JSON.stringify({
            method: request.method,
            success: true,
            req_id: request.req_id,
            result: { channel: 'book', symbol },
          }),
        );
      });
    });
    const url = `ws://127.0.0.1:${(acksOnly.address() as AddressInfo).port}/v2`;
    const events: string[] = [];
    const feed = ws({ url, snapshotTimeoutMs: 100, precision: { 'BTC/USD': { price: 1, qty: 8 } } });
    feed.on('resyncing', ({ reason }) => events.push(`resyncing:${reason}`));
    await feed.subscribe({ channel: 'book', symbol: ['BTC/USD'] }).ready;
    await waitFor(() => subscribes >= 2, 'a resubscription after the withheld snapshot');
    expect(events[0]).toBe('resyncing:snapshot-timeout');
    expect(feed.bookState('BTC/USD')).not.toBe('valid');
  });

  it('that is down when the bot starts, for longer than every timeout: the book is verified once it is up', async () => {
    const holder = createServer();
    holder.listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as AddressInfo;
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    const attempts: number[] = [];
    const feed = ws({
      url: `ws://127.0.0.1:${port}/v2`,
      instrumentTimeoutMs: 100,
      connectTimeoutMs: 100,
      requestTimeoutMs: 100,
      reconnect: { baseDelayMs: 10, maxDelayMs: 40 },
    });
    feed.on('connecting', ({ attempt }) => attempts.push(attempt));
    const book = feed.subscribe({ channel: 'book', symbol: ['BTC/USD'] });
    let failure: unknown;
    book.ready.catch((error: unknown) => {
      failure = error;
    });
    await waitFor(() => attempts.length >= 8, 'eight failed connection attempts');
    expect(failure).toBeUndefined();
    const running = await startMockExchange({
      seed: 'late',
      pairs: ['XXBTZUSD'],
      port,
      ws: { heartbeatIntervalMs: 0 },
    });
    cleanups.push(() => running.close());
    await book.ready;
    await waitFor(() => feed.bookState('BTC/USD') === 'valid', 'a verified book once the exchange is up');
  });
});

describe('one leverage grammar', () => {
  it('the guard and the client accept and refuse the same spellings', async () => {
    const running = await startMockExchange({
      seed: 'leverage',
      pairs: ['XXBTZUSD'],
      accounts: [
        { id: 'main', tier: 'intermediate', apiKey: KEY.apiKey, apiSecret, balances: { ZUSD: '1000000' } },
      ],
    });
    cleanups.push(() => running.close());
    const raw = createClient({ transport: mockTransport(running.exchange), key: KEY, tier: 'intermediate' });
    cleanups.push(() => raw.close());
    // A fresh account: no open orders, no positions.
    const guard = createGuard(
      { tier: 'intermediate', assetPairs: await raw.assetPairs() },
      { openOrders: { open: {} }, openPositions: {} },
    );
    const guarded = guardClient(raw, guard);
    const accepted: unknown[] = [];
    for (const leverage of ['2', 2, '2:1', '1', 1, 0, '2x', '2.5', -2, '']) {
      const params = { ...ORDER, leverage, validate: true } as unknown as typeof ORDER;
      const direct = await raw.addOrder(params).then(
        () => 'accepted',
        (error: unknown) => (error instanceof ValidationError ? 'refused' : String(error)),
      );
      // The guard may refuse a spelling with Kraken's own leverage error: refused all the same.
      const throughGuard = await guarded.addOrder(params).then(
        () => 'accepted',
        (error: unknown) =>
          error instanceof ValidationError || /leverage/.test(String((error as Error).message))
            ? 'refused'
            : String(error),
      );
      expect({ leverage, throughGuard }).toEqual({ leverage, throughGuard: direct });
      if (direct === 'accepted') accepted.push(leverage);
    }
    expect(accepted).toEqual(['2', 2, '2:1']);
  });
});
