/**
 * @krakenkit/client used only through its public entries, as an application uses it: the root for the REST client,
 * its errors and keys; `/transport` for a transport of one's own; `/nonce` for a nonce floor that survives a
 * restart; `/rate-limit` for a limiter shared by clients; `/wire` for Kraken's bytes; `/ws` for verified books.
 * (The stub servers are test support that shares no code with src.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  auditKey,
  createClient,
  KrakenError,
  PERMISSIONS,
  PermissionError,
  type PermissionFlag,
  RateLimitError,
  signRequest,
} from '@krakenkit/client';
import { createFileNonceSource } from '@krakenkit/client/nonce';
import { agedCost, createRateLimiter, KRAKEN_TIER_LIMITS } from '@krakenkit/client/rate-limit';
import type { Transport, TransportRequest } from '@krakenkit/client/transport';
import { encodeForm, endpoints, parseEnvelope, parseFrame } from '@krakenkit/client/wire';
import { createWsClient, LocalOrderBook } from '@krakenkit/client/ws';
import { afterEach, describe, expect, it } from 'vitest';
import { KrakenWsStub, waitFor } from './support/ws-kraken-stub.js';

const apiSecret = randomBytes(64).toString('base64');

/** A Kraken stand-in: checks each private request's API-Sign with the root's signRequest, answers from `answer`. */
function stubKraken(answer: (endpoint: string) => unknown): Transport & { sent: TransportRequest[] } {
  const sent: TransportRequest[] = [];
  return {
    sent,
    async send(request) {
      const path = request.path.split('?')[0] ?? '';
      const body = request.body ?? '';
      const nonce = new URLSearchParams(body).get('nonce') ?? '';
      if (
        path.includes('/private/') &&
        request.headers['API-Sign'] !== signRequest(apiSecret, path, nonce, body)
      ) {
        return { status: 200, body: JSON.stringify({ error: ['EAPI:Invalid signature'] }) };
      }
      sent.push(request);
      return { status: 200, body: JSON.stringify(answer(path.split('/').at(-1) ?? '')) };
    },
  };
}

const key = (permissions: readonly PermissionFlag[]) => ({
  name: 'bot',
  apiKey: 'public-key',
  apiSecret,
  permissions,
});

const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '60000' } as const;

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('@krakenkit/client through its public entries', () => {
  it('root and /transport: signs every private call, types the result, and throws Kraken’s exact string', async () => {
    const transport = stubKraken((endpoint) =>
      endpoint === 'Balance'
        ? { error: [], result: { ZUSD: '1000.0000' } }
        : { error: ['EOrder:Insufficient funds'] },
    );
    const client = createClient({
      transport,
      tier: 'intermediate',
      key: key(['funds_query', 'trades_query_open', 'trades_modify']),
    });
    cleanup.push(() => client.close());
    const balance = await client.balance();
    expect(balance['ZUSD']).toBe('1000.0000');
    const refused = await client.addOrder(order).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KrakenError);
    expect(refused).toMatchObject({ code: 'EOrder:Insufficient funds', retryable: false });
    expect(transport.sent.map((request) => request.path)).toEqual([
      '/0/private/Balance',
      '/0/private/AddOrder',
    ]);
  });

  it('root: refuses before sending what the key may not do, and auditKey says which right is missing', async () => {
    const transport = stubKraken(() => ({ error: [], result: {} }));
    const client = createClient({ transport, tier: 'intermediate', key: key(['funds_query']) });
    cleanup.push(() => client.close());
    await expect(client.addOrder(order)).rejects.toBeInstanceOf(PermissionError);
    expect(transport.sent).toEqual([]);
    expect(auditKey(key(['funds_query']), 'trading')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'KEY_MISSING_PERMISSION', permission: PERMISSIONS.trades_modify }),
      ]),
    );
  });

  it('/nonce: a file nonce floor keeps nonces increasing across a restart, also through the client', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'krakenkit-public-nonce-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'nonce-floor');
    const before = BigInt(createFileNonceSource({ path }).next());
    const transport = stubKraken(() => ({ error: [], result: { ZUSD: '1' } }));
    const client = createClient({
      transport,
      tier: 'intermediate',
      key: key(['funds_query']),
      nonce: createFileNonceSource({ path }), // "after the restart": a new source on the same file
    });
    cleanup.push(() => client.close());
    await client.balance();
    const sent = new URLSearchParams(transport.sent[0]?.body ?? '').get('nonce') ?? '0';
    expect(BigInt(sent)).toBeGreaterThan(before);
  });

  it('/rate-limit: one fail-fast limiter refuses, before sending, the call over the tier’s REST budget', async () => {
    const limiter = createRateLimiter({ tier: 'starter', mode: 'fail-fast', now: () => 0 });
    const transport = stubKraken(() => ({ error: [], result: { ZUSD: '1' } }));
    const client = createClient({ transport, key: key(['funds_query']), rateLimit: { limiter } });
    cleanup.push(() => client.close());
    const budget = KRAKEN_TIER_LIMITS.starter.rest.max;
    for (let call = 0; call < budget; call += 1) await client.balance();
    await expect(client.balance()).rejects.toBeInstanceOf(RateLimitError);
    expect(transport.sent).toHaveLength(budget);
    expect(agedCost('cancel', 1_000)).toBeGreaterThan(agedCost('cancel', 400_000));
  });

  it('/wire: params become Kraken’s form body, and an error envelope becomes a KrakenError', () => {
    const wire = endpoints.addOrder.toWire(order);
    expect(encodeForm(wire)).toMatch(/^ordertype=limit&pair=XBTUSD&price=60000&type=buy&volume=0\.01/);
    expect(() =>
      parseEnvelope(200, JSON.stringify({ error: ['EGeneral:Invalid arguments'] }), 'AddOrder'),
    ).toThrow(KrakenError);
    expect(parseEnvelope(200, JSON.stringify({ error: [], result: { unixtime: 1 } }), 'Time').result).toEqual(
      {
        unixtime: 1,
      },
    );
  });

  it('/wire and /ws: a frame read elsewhere keeps its decimal text and verifies in a LocalOrderBook', () => {
    // Kraken's own worked example (docs/kraken/websocket-v2.md), with JSON numbers as the wire carries them.
    const frame =
      '{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","checksum":3310070434,' +
      '"bids":[{"price":45283.5,"qty":0.10000000},{"price":45283.4,"qty":1.54582015},' +
      '{"price":45282.1,"qty":0.10000000},{"price":45281.0,"qty":0.10000000},' +
      '{"price":45280.3,"qty":1.54592586},{"price":45279.0,"qty":0.07990000},' +
      '{"price":45277.6,"qty":0.03310103},{"price":45277.5,"qty":0.30000000},' +
      '{"price":45277.3,"qty":1.54602737},{"price":45276.6,"qty":0.15445238}],' +
      '"asks":[{"price":45285.2,"qty":0.00100000},{"price":45286.4,"qty":1.54571953},' +
      '{"price":45286.6,"qty":1.54571109},{"price":45289.6,"qty":1.54560911},' +
      '{"price":45290.2,"qty":0.15890660},{"price":45291.8,"qty":1.54553491},' +
      '{"price":45294.7,"qty":0.04454749},{"price":45296.1,"qty":0.35380000},' +
      '{"price":45297.5,"qty":0.09945542},{"price":45299.5,"qty":0.18772827}]}]}';
    const parsed = parseFrame(frame);
    if (parsed.kind !== 'channel' || parsed.message.channel !== 'book')
      throw new Error(`not a book: ${frame}`);
    const [data] = parsed.message.data;
    if (data === undefined) throw new Error('no book data');
    expect(data.bids[0]).toEqual({ price: '45283.5', qty: '0.10000000' });
    const book = new LocalOrderBook('BTC/USD', 10, { price: 1, qty: 8 });
    book.apply(data.bids, data.asks);
    expect(book.checksum()).toBe(data.checksum);
  });

  it('/ws: createWsClient serves a book verified by Kraken’s checksum', async () => {
    const stub = await KrakenWsStub.start();
    cleanup.push(() => stub.close());
    stub.setBook('BTC/USD', { bids: [['45283.5', '0.1']], asks: [['45285.2', '0.001']] });
    const ws = createWsClient({ url: stub.url });
    cleanup.push(() => ws.close());
    const subscription = ws.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
    await subscription.ready;
    await waitFor(() => ws.bookState('BTC/USD') === 'valid', 'a verified BTC/USD book');
    expect(ws.book('BTC/USD', 1)).toMatchObject({
      bids: [{ price: '45283.5', qty: '0.10000000' }],
      asks: [{ price: '45285.2', qty: '0.00100000' }],
    });
  });
});
