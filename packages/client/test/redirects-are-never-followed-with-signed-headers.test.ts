import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { TransportError } from '../src/errors/index.js';
import { instantTimers, passthroughLimiter, testKey } from './helpers/fixtures.js';

interface Seen {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Hostile {
  url: string;
  /** Requests that reached the server the redirect points to. */
  elsewhere: Seen[];
  /** Requests that reached the API origin. */
  api: Seen[];
}

const closers: Array<() => Promise<void>> = [];
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  for (const close of closers.splice(0).reverse()) await close();
});

async function listen(
  onRequest: (
    seen: Seen,
    reply: (status: number, headers: Record<string, string>, body: string) => void,
  ) => void,
): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () =>
      onRequest(
        { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') },
        (status, headers, body) => res.writeHead(status, headers).end(body),
      ),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An API origin that answers every request with a 307 to another origin (which would answer like Kraken). */
async function redirecting(status: number): Promise<Hostile> {
  const elsewhere: Seen[] = [];
  const api: Seen[] = [];
  const target = await listen((seen, reply) => {
    elsewhere.push(seen);
    reply(
      200,
      { 'content-type': 'application/json' },
      '{"error":[],"result":{"txid":["OSTOLEN"],"descr":{"order":"x"}}}',
    );
  });
  const url = await listen((seen, reply) => {
    api.push(seen);
    reply(status, { location: `${target}${seen.path}` }, '');
  });
  return { url, elsewhere, api };
}

describe.each([
  ['undici Pool', undefined],
  ['fetch', globalThis.fetch],
] as const)('%s transport', (_name, fetchImpl) => {
  it.each([307, 308, 302])(
    'does not follow a %i: the signed request never reaches the redirect target',
    async (status) => {
      const server = await redirecting(status);
      client = createClient({
        baseUrl: server.url,
        key: testKey(),
        rateLimit: { limiter: passthroughLimiter() },
        timers: instantTimers(),
        retry: { attempts: 1 },
        ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
      });
      const error = await client.balance().catch((e: unknown) => e);
      expect(server.api).toHaveLength(1);
      // Following it would hand API-Key and API-Sign (and, on a 307/308, the signed body) to another origin.
      expect(server.elsewhere).toEqual([]);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).status).toBe(status);
    },
  );
});
