import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { KrakenkitError, TransportError } from '../src/errors/index.js';
import { instantTimers, passthroughLimiter, testKey } from './helpers/fixtures.js';

interface Seen {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Hostile {
  url: string;
  seen: Seen[];
  /** Resolves when the server sees the client close a connection. */
  socketClosed: Promise<void>;
}

const closers: Array<() => Promise<void>> = [];
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  for (const close of closers.splice(0).reverse()) await close();
});

async function hostile(answer: (seen: Seen, res: ServerResponse) => void): Promise<Hostile> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  let closed: () => void = () => undefined;
  const socketClosed = new Promise<void>((resolve) => {
    closed = resolve;
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      answer(request, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closed();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, socketClosed };
}

const transports = [
  ['undici Pool', undefined],
  ['fetch', globalThis.fetch],
] as const;

function clientOf(url: string, fetchImpl: typeof fetch | undefined, timeoutMs = 10_000): KrakenClient {
  client = createClient({
    baseUrl: url,
    key: testKey(),
    rateLimit: { limiter: passthroughLimiter() },
    timers: instantTimers(),
    timeoutMs,
    otp: () => 'otp-secret-424242',
    retry: { attempts: 1, reconcileDelayMs: 0 },
    ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
  });
  return client;
}

describe.each(transports)('%s transport against a hostile server', (_name, fetchImpl) => {
  it('times out an answer dribbled a byte at a time past the per-attempt timeout', async () => {
    const server = await hostile((_seen, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => {
        if (res.destroyed) clearInterval(drip);
        else res.write(' ');
      }, 20);
      res.on('close', () => clearInterval(drip));
    });
    const error = await clientOf(server.url, fetchImpl, 400)
      .balance()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('KRAKENKIT_TIMEOUT');
    expect((error as TransportError).outcome).toBe('unknown');
    // The client gave up on the connection, it did not leave it dripping.
    await server.socketClosed;
  });

  it('reports an HTML 502 that echoes the request as a typed status error holding none of it', async () => {
    const server = await hostile((seen, res) => {
      res
        .writeHead(502, { 'content-type': 'text/html' })
        .end(`<html><body>Bad gateway ${JSON.stringify(seen.headers)} ${seen.body}</body></html>`);
    });
    const error = await clientOf(server.url, fetchImpl)
      .withdraw({ asset: 'XBT', key: 'my-wallet', amount: '0.5' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).status).toBe(502);
    expect((error as TransportError).outcome).toBe('unknown');
    // A withdrawal is never repeated on an unknown outcome.
    expect(server.seen).toHaveLength(1);
    const request = server.seen[0] as Seen;
    const text = describeError(error);
    for (const secret of [
      String(request.headers['api-key']),
      String(request.headers['api-sign']),
      'otp-secret-424242',
      request.body,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('reports a 200 whose body is HTML as a typed malformed-envelope error', async () => {
    const server = await hostile((_seen, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
    });
    const error = await clientOf(server.url, fetchImpl)
      .balance()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KrakenkitError);
    expect((error as KrakenkitError).code).toBe('KRAKENKIT_BAD_ENVELOPE');
  });

  it('does not repeat a cancel whose answer was cut off mid-body', async () => {
    const server = await hostile((_seen, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"error":[],"res');
      res.socket?.destroy();
    });
    const error = await clientOf(server.url, fetchImpl)
      .cancelOrder({ txid: 'OQCLML-BW3P3-BUCMWZ' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('unknown');
    expect(server.seen).toHaveLength(1);
  });

  it('stops an in-flight call aborted by its caller and closes its connection', async () => {
    let reached: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const server = await hostile(() => reached());
    const controller = new AbortController();
    const pending = clientOf(server.url, fetchImpl)
      .balance(undefined, { signal: controller.signal })
      .catch((e: unknown) => e);
    await arrived;
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('KRAKENKIT_ABORTED');
    await server.socketClosed;
  });
});

/** Everything an error would show when logged: messages and causes, all the way down. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof Error) parts.push(current.name, current.message, String(current.stack));
    else parts.push(String(current));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

describe('a success envelope without what the call must return', () => {
  // A withdrawal "accepted" without a reference id cannot be told apart from one that never happened: reporting
  // it as a success would have the caller believe funds left when nothing shows they did.
  it('is no successful Withdraw: a Withdraw answer without a refid is an unknown outcome', async () => {
    const server = await hostile((_seen, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"error":[],"result":{}}');
    });
    const error = await clientOf(server.url, undefined)
      .withdraw({ asset: 'XBT', key: 'my-wallet', amount: '0.5' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'KRAKENKIT_BAD_RESPONSE', outcome: 'unknown' });
    expect(server.seen).toHaveLength(1);
  });
});
