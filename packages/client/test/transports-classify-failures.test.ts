import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFetchTransport } from '../src/transport/fetch.js';
import type { Transport, TransportRequest } from '../src/transport/types.js';
import { createPoolTransport } from '../src/transport/undici-pool.js';

type Behaviour = 'answer' | 'hang' | 'reset';

interface Loopback {
  url: string;
  seen: Array<{ headers: Record<string, string | string[] | undefined>; body: string }>;
  close(): Promise<void>;
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function loopback(behaviour: Behaviour): Promise<Loopback> {
  const seen: Loopback['seen'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (behaviour === 'answer') res.writeHead(200).end('{"error":[],"result":{}}');
      if (behaviour === 'reset') req.socket.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const handle: Loopback = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  open.push(handle);
  return handle;
}

/** A port nothing listens on: bind, note the port, close. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function post(signal?: AbortSignal): TransportRequest {
  return {
    method: 'POST',
    path: '/0/private/AddOrder',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', 'User-Agent': 'test' },
    body: 'nonce=1&pair=XBTUSD',
    ...(signal === undefined ? {} : { signal }),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<{ sent: unknown; error: unknown }> {
  try {
    await promise;
  } catch (error) {
    return { sent: (error as { sent?: unknown }).sent, error };
  }
  throw new Error('expected the send to fail');
}

async function untilSeen(server: Loopback, count: number): Promise<void> {
  while (server.seen.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

const factories: Array<[string, (url: string) => Transport]> = [
  ['undici Pool', (url) => createPoolTransport({ baseUrl: url, connections: 1 })],
  ['fetch', (url) => createFetchTransport({ baseUrl: url })],
];

describe.each(factories)('%s transport', (_name, make) => {
  function transport(url: string): Transport {
    const made = make(url);
    open.push({ close: async () => made.close?.() });
    return made;
  }

  it('sends the exact body and headers and returns status and body', async () => {
    const server = await loopback('answer');
    const response = await transport(server.url).send(post());
    expect(response).toEqual({ status: 200, body: '{"error":[],"result":{}}' });
    expect(server.seen[0]?.body).toBe('nonce=1&pair=XBTUSD');
    expect(server.seen[0]?.headers['user-agent']).toBe('test');
    expect(server.seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
  });

  it('reports a refused connection as not sent', async () => {
    const { sent } = await failureOf(transport(await deadUrl()).send(post()));
    expect(sent).toBe(false);
  });

  it('reports an already aborted signal as not sent', async () => {
    const server = await loopback('answer');
    const { sent } = await failureOf(transport(server.url).send(post(AbortSignal.abort())));
    expect(sent).toBe(false);
    expect(server.seen).toHaveLength(0);
  });

  it('reports a timeout after sending as an unknown outcome, named TimeoutError', async () => {
    const server = await loopback('hang');
    const { sent, error } = await failureOf(transport(server.url).send({ ...post(), timeoutMs: 300 }));
    expect(server.seen).toHaveLength(1);
    expect(sent).not.toBe(false);
    const named = (value: unknown) => (value as { name?: unknown } | null)?.name;
    expect([named(error), named((error as { cause?: unknown }).cause)]).toContain('TimeoutError');
  });

  it('reports an abort after sending as an unknown outcome', async () => {
    const server = await loopback('hang');
    const controller = new AbortController();
    const pending = failureOf(transport(server.url).send(post(controller.signal)));
    await untilSeen(server, 1);
    controller.abort();
    const { sent } = await pending;
    expect(sent).not.toBe(false);
  });

  it('reports a connection reset mid-flight as an unknown outcome', async () => {
    const server = await loopback('reset');
    const { sent } = await failureOf(transport(server.url).send(post()));
    expect(sent).not.toBe(false);
    expect(server.seen).toHaveLength(1);
  });
});

describe('undici Pool transport', () => {
  it('reports a request aborted while it waited for a busy connection as not sent, and never writes it', async () => {
    const server = await loopback('hang');
    const pool = createPoolTransport({ baseUrl: server.url, connections: 1 });
    open.push({ close: async () => pool.close?.() });
    const firstController = new AbortController();
    const first = failureOf(pool.send(post(firstController.signal)));
    const controller = new AbortController();
    const second = pool.send(post(controller.signal));
    await untilSeen(server, 1);
    controller.abort();
    const { sent } = await failureOf(second);
    expect(sent).toBe(false);
    firstController.abort();
    await first;
    // A later request on the same pool is the probe: once the server sees it, the aborted one had its chance to be
    // written first, and was not.
    const probeController = new AbortController();
    const probe = failureOf(pool.send({ ...post(probeController.signal), body: 'nonce=3&pair=XBTUSD' }));
    await untilSeen(server, 2);
    expect(server.seen.map((request) => request.body)).toEqual([
      'nonce=1&pair=XBTUSD',
      'nonce=3&pair=XBTUSD',
    ]);
    probeController.abort();
    await probe;
  });
});
