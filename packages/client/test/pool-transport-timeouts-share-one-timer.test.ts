/**
 * The Pool transport bounds every request with its own timeout while all of them share one timer: each request
 * still fails at its own deadline (a short one is not held up by a longer one armed before it), and a request
 * that settled leaves no timer keeping the process alive.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransportRequest } from '../src/transport/types.js';
import { createPoolTransport } from '../src/transport/undici-pool.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

/** A loopback server that answers a body of `answer` at once and never answers `hang`. */
async function server(): Promise<string> {
  const sockets = new Set<Socket>();
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (Buffer.concat(chunks).toString('utf8') === 'answer') res.writeHead(200).end('{"error":[]}');
    });
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  open.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        http.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

function post(body: 'answer' | 'hang', timeoutMs: number): TransportRequest {
  return { method: 'POST', path: '/0/private/AddOrder', headers: { 'User-Agent': 'test' }, body, timeoutMs };
}

/** When the send failed (ms after `start`), and with what. */
async function failure(sent: Promise<unknown>, start: number): Promise<{ afterMs: number; name: unknown }> {
  try {
    await sent;
  } catch (error) {
    const named = (value: unknown) => (value as { name?: unknown } | null)?.name;
    return {
      afterMs: performance.now() - start,
      name: named(error) === 'TimeoutError' ? 'TimeoutError' : named((error as { cause?: unknown }).cause),
    };
  }
  throw new Error('expected the send to fail');
}

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('undici Pool transport timeouts', () => {
  it('fails each request at its own deadline, the shorter first, whatever order they were sent in', async () => {
    const transport = createPoolTransport({ baseUrl: await server(), connections: 2 });
    open.push(() => transport.close?.() ?? Promise.resolve());
    const start = performance.now();
    const long = failure(transport.send(post('hang', 600)), start);
    const short = failure(transport.send(post('hang', 150)), start);
    const first = await Promise.race([long.then(() => 'long'), short.then(() => 'short')]);
    expect(first).toBe('short');
    const [shortFailure, longFailure] = await Promise.all([short, long]);
    expect(shortFailure.name).toBe('TimeoutError');
    expect(longFailure.name).toBe('TimeoutError');
    expect(shortFailure.afterMs).toBeGreaterThanOrEqual(149);
    expect(longFailure.afterMs).toBeGreaterThanOrEqual(599);
  });

  it('times out a short request sent after a long one that was answered', async () => {
    const transport = createPoolTransport({ baseUrl: await server(), connections: 1 });
    open.push(() => transport.close?.() ?? Promise.resolve());
    // The answered request armed the shared timer far ahead; the next, shorter one must not wait for it.
    await expect(transport.send(post('answer', 60_000))).resolves.toMatchObject({ status: 200 });
    const start = performance.now();
    const { name, afterMs } = await failure(transport.send(post('hang', 150)), start);
    expect(name).toBe('TimeoutError');
    expect(afterMs).toBeLessThan(30_000);
  });

  it('keeps no timer alive once its requests are answered', async () => {
    const transport = createPoolTransport({ baseUrl: await server(), connections: 1 });
    open.push(() => transport.close?.() ?? Promise.resolve());
    const before = timers();
    await transport.send(post('answer', 60_000));
    await transport.send(post('answer', 60_000));
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('still times out a request nobody answers in a process with nothing else to keep it alive', async () => {
    const child = fileURLToPath(new URL('./support/lone-timeout-child.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=@krakenkit/source', '--import', 'tsx', child, await server(), '300'],
      { timeout: 60_000 },
    );
    const ended = JSON.parse(stdout.trim()) as { outcome: string; afterMs: number };
    // Had the process exited with the request pending, it would have printed nothing.
    expect(ended.outcome).toBe('TimeoutError');
    expect(ended.afterMs).toBeGreaterThanOrEqual(300 - 1);
  });
});
