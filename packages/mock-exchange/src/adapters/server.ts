import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockConfigError } from '../config/config-error.js';
import type { ExchangeContext } from '../context.js';
import { MockExchange } from '../exchange.js';
import { answerAdmin } from '../observe/admin-route.js';
import {
  type ExchangeMetrics,
  type ExchangeMetricsOptions,
  watchExchange,
} from '../observe/exchange-metrics.js';
import type { MockRequest, MockResponse } from '../request.js';
import type { MockExchangeOptions } from '../setup.js';
import type { MockWsOptions } from '../ws/options.js';
import { attachMockWsServer, type MockWsServer } from '../ws/server.js';
import { installFastLane } from './http-fast-lane.js';

export interface StartMockExchangeOptions extends MockExchangeOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Serve an existing exchange core instead of creating one. */
  exchange?: MockExchange;
  /** How often the server runs the exchange clock forward between requests (ms, default 250). */
  tickMs?: number;
  /**
   * Most connections (REST and WebSocket together) open at once, default 1024; a connection over it is closed
   * at once, so a flood of sockets cannot exhaust the process's file descriptors.
   */
  maxConnections?: number;
  /**
   * Whether REST calls in the plain form trading clients send (the package README, "HTTP") are read and
   * answered without node:http's per-request work; default true. Anything outside that form goes to node:http,
   * which is also what `false` does for every request: a way to rule the lane out when a client misbehaves.
   */
  fastLane?: boolean;
  /** The WebSocket v2 server on the same port (path `/v2`): heartbeat, send-buffer bound, token error. */
  ws?: MockWsOptions;
  /**
   * Off by default. When given, the server watches the exchange (`watchExchange`, with these options) and
   * answers `GET /__mock/report`, `/__mock/orders` and `/__mock/series` with its figures as JSON, for callers
   * presenting `Authorization: Bearer <token>`: how a soak in another process reads what the exchange saw.
   */
  admin?: AdminOptions;
}

/** The admin route of {@link startMockExchange}: a token callers must present, and the metrics' options. */
export interface AdminOptions extends ExchangeMetricsOptions {
  /** The bearer token the admin route requires (keep it out of argv: other users can read a command line). */
  token: string;
}

/** A mock exchange serving REST and WebSocket v2 on 127.0.0.1, as {@link startMockExchange} returns it. */
export interface RunningMockExchange {
  /** REST base URL, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** Kraken WebSocket v2 on the same server, public and private channels and trading: `ws://127.0.0.1:<port>/v2`. */
  wsUrl: string;
  /** The WebSocket v2 server: its faults (drop connections, corrupt a book checksum) and connection counts. */
  ws: MockWsServer;
  port: number;
  exchange: MockExchange;
  /** The exchange's state (accounts, markets, orders). */
  state: ExchangeContext;
  /** The node:http server, for attaching the WebSocket adapter (`upgrade` events). */
  server: Server;
  /** What the exchange saw (errors per key, REST counter, faults, pools, orders), when `admin` was given. */
  metrics: ExchangeMetrics | undefined;
  /** Stops the servers and the exchange clock. */
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const KEEP_ALIVE_MS = 5_000;
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Starts the mock exchange on a loopback HTTP server (127.0.0.1 only). Faults act on the socket: a dropped
 * answer destroys the connection, so clients see a reset exactly as with a real network failure.
 */
export async function startMockExchange(
  options: StartMockExchangeOptions = {},
): Promise<RunningMockExchange> {
  const maxConnections = options.maxConnections ?? 1024;
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1)
    throw new MockConfigError(
      'maxConnections',
      `expected a whole number of 1 or more, got ${maxConnections}`,
    );
  if (options.fastLane !== undefined && typeof options.fastLane !== 'boolean')
    throw new MockConfigError('fastLane', `expected true or false, got ${JSON.stringify(options.fastLane)}`);
  const exchange = options.exchange ?? new MockExchange(options);
  const admin = options.admin;
  const metrics = admin === undefined ? undefined : watchExchange(exchange, admin);
  const server = createServer((req, res) => {
    if (metrics !== undefined && admin !== undefined && serveAdmin(metrics, admin.token, req, res)) return;
    void serve(exchange, req, res);
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // A client gets 10 s to send its headers and 30 s for its whole request (Node's defaults are 60 s and 300 s):
  // a slow sender cannot hold a socket for minutes.
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.maxConnections = maxConnections;
  const lane =
    options.fastLane === false
      ? undefined
      : installFastLane(server, (request) => exchange.handle(request), {
          keepAliveMs: KEEP_ALIVE_MS,
          headersMs: HEADERS_TIMEOUT_MS,
          requestMs: REQUEST_TIMEOUT_MS,
        });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const tick = setInterval(() => exchange.advance(), options.tickMs ?? 250);
  tick.unref();
  const ws = attachMockWsServer(server, exchange, options.ws);
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}${options.ws?.path ?? '/v2'}`,
    ws,
    port,
    exchange,
    state: exchange.ctx,
    server,
    metrics,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(tick);
        metrics?.stop();
        void ws.close();
        lane?.destroyAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers an admin request (true), or leaves the request to the exchange (false). */
function serveAdmin(
  metrics: ExchangeMetrics,
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const answer = answerAdmin(metrics, token, {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    authorization: req.headers.authorization,
  });
  if (answer === undefined) return false;
  req.resume();
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
  return true;
}

/**
 * Reads the body, hands the request to the core and writes its answer, all from the stream's own events: no
 * promise or extra turn of the event loop between the last byte in and the answer out.
 */
function serve(exchange: MockExchange, req: IncomingMessage, res: ServerResponse): void {
  const headers = requestHeaders(req);
  if (Number(headers.contentLength) > MAX_BODY) {
    refuseTooLarge(req, res);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    if (size > MAX_BODY) return;
    size += chunk.length;
    if (size > MAX_BODY) {
      chunks.length = 0;
      refuseTooLarge(req, res);
    } else chunks.push(chunk);
  });
  // A client that hangs up mid-body ends neither the stream nor the server: node:http emits no `error` on a
  // request nobody listens to for one, and there is no one to answer.
  req.on('end', () => {
    if (size <= MAX_BODY) answer(exchange, req, res, headers.forCore, bodyText(chunks, size));
  });
}

function answer(
  exchange: MockExchange,
  req: IncomingMessage,
  res: ServerResponse,
  headers: MockRequest['headers'],
  body: string,
): void {
  const response = exchange.handle({
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers,
    body,
    ip: req.socket.remoteAddress,
  });
  if (response.delayMs > 0) setTimeout(() => send(req, res, response), response.delayMs);
  else send(req, res, response);
}

function send(req: IncomingMessage, res: ServerResponse, response: MockResponse): void {
  if (response.drop !== undefined) {
    req.socket.destroy();
    return;
  }
  // The response is this adapter's to write: its header object goes to node:http as it is.
  const headers: Record<string, string | number> = response.headers;
  headers['content-length'] = Buffer.byteLength(response.body);
  res.writeHead(response.status, headers);
  res.end(response.body);
}

/**
 * Answered before the rest of the upload, then the connection goes: the client learns why instead of seeing a
 * reset, and the server reads no further (the rest is discarded unread).
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.on('finish', () => req.socket.destroy());
  res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
  res.end(`request body larger than ${MAX_BODY} bytes`);
}

function bodyText(chunks: readonly Buffer[], size: number): string {
  if (chunks.length === 0) return '';
  if (chunks.length === 1) return (chunks[0] as Buffer).toString('utf8');
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * The request's headers the core reads, as node:http's `req.headers` would give them (names in lower case, a
 * repeated API-Key or API-Sign joined with `, `, the first Content-Type and Content-Length), picked from the raw
 * list: building every header's entry of `req.headers` cost about 1.5 % of the server's time per call.
 */
function requestHeaders(req: IncomingMessage): {
  forCore: MockRequest['headers'];
  contentLength: string | undefined;
} {
  const raw = req.rawHeaders;
  let apiKey: string | undefined;
  let apiSign: string | undefined;
  let contentType: string | undefined;
  let contentLength: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    // Told apart by length first: most names are passed over without lowering them.
    switch (name.length) {
      case 7:
        if (name.toLowerCase() === 'api-key') apiKey = apiKey === undefined ? value : `${apiKey}, ${value}`;
        break;
      case 8:
        if (name.toLowerCase() === 'api-sign')
          apiSign = apiSign === undefined ? value : `${apiSign}, ${value}`;
        break;
      case 12:
        if (contentType === undefined && name.toLowerCase() === 'content-type') contentType = value;
        break;
      case 14:
        if (contentLength === undefined && name.toLowerCase() === 'content-length') contentLength = value;
        break;
    }
  }
  return { forCore: { 'api-key': apiKey, 'api-sign': apiSign, 'content-type': contentType }, contentLength };
}
