/**
 * A tiny Kraken stand-in on 127.0.0.1 for transport-level tests: it checks each private call's signature and
 * that its nonce is strictly greater than the last one seen for the key (in ARRIVAL order), then lets the test
 * decide the answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { signRequest } from '../../src/signing.js';

export interface StubRequest {
  method: string;
  path: string;
  /** Last path segment, e.g. `AddOrder`. */
  endpoint: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Form or JSON body (or query string) as a flat record of strings/values. */
  params: Record<string, unknown>;
  nonce: string | undefined;
}

export type StubReply =
  | { result: unknown }
  | { error: string[] }
  | { status: number; text: string }
  /** Close the socket without answering (reset mid-flight). */
  | { destroy: true }
  /** Never answer. */
  | { hang: true }
  /**
   * A 200 answer of `bytes` bytes (an endless-looking JSON string), sent in 64 KiB chunks as the client reads
   * them; with `declared` the Content-Length header announces the size, otherwise it is chunked.
   */
  | { huge: { bytes: number; declared: boolean } };

export interface Stub {
  url: string;
  requests: StubRequest[];
  /** Private calls refused for a nonce not above the last one (in arrival order). */
  readonly nonceRejections: number;
  readonly signatureRejections: number;
  /** Most requests being handled at the same time. */
  maxConcurrent: number;
  close(): Promise<void>;
}

export interface StubOptions {
  secret: string;
  handle: (request: StubRequest) => StubReply | Promise<StubReply>;
  /** Nonce tolerance like Kraken's key setting: a nonce may be this many below the highest seen. 0 = strict. */
  nonceWindow?: number;
}

export async function startStub(options: StubOptions): Promise<Stub> {
  const auth = new AuthCheck(options.secret, options.nonceWindow ?? 0);
  let concurrent = 0;
  const server = createServer((req, res) => {
    concurrent += 1;
    stub.maxConcurrent = Math.max(stub.maxConcurrent, concurrent);
    res.on('close', () => {
      concurrent -= 1;
    });
    void handle(req, res);
  });
  const closeAll = trackSockets(server);
  const stub: Stub = {
    url: '',
    requests: [],
    get nonceRejections() {
      return auth.nonceRejections;
    },
    get signatureRejections() {
      return auth.signatureRejections;
    },
    maxConcurrent: 0,
    close: closeAll,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = toStubRequest(req, await readBody(req));
    stub.requests.push(request);
    const refusal = auth.check(request);
    reply(res, refusal ? { error: [refusal] } : await options.handle(request));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

/** Kraken's checks on a private call: the signature of the bytes received, then the nonce in arrival order. */
class AuthCheck {
  nonceRejections = 0;
  signatureRejections = 0;
  private readonly lastNonce = new Map<string, bigint>();

  constructor(
    private readonly secret: string,
    private readonly nonceWindow: number,
  ) {}

  check(request: StubRequest): string | undefined {
    if (!request.path.startsWith('/0/private/')) return undefined;
    const nonce = request.nonce ?? '';
    if (request.headers['api-sign'] !== signRequest(this.secret, request.path, nonce, request.body)) {
      this.signatureRejections += 1;
      return 'EAPI:Invalid signature';
    }
    const key = String(request.headers['api-key']);
    const value = BigInt(nonce);
    const last = this.lastNonce.get(key);
    if (last !== undefined && value <= last - BigInt(this.nonceWindow)) {
      this.nonceRejections += 1;
      return 'EAPI:Invalid nonce';
    }
    if (last === undefined || value > last) this.lastNonce.set(key, value);
    return undefined;
  }
}

/** Returns a close() that also destroys open keep-alive sockets (server.close alone waits for them). */
function trackSockets(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function toStubRequest(req: IncomingMessage, body: string): StubRequest {
  const url = new URL(req.url ?? '/', 'http://stub');
  const isJson = String(req.headers['content-type'] ?? '').startsWith('application/json');
  const params: Record<string, unknown> = isJson
    ? (JSON.parse(body) as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(req.method === 'GET' ? url.search : body));
  const nonce = isJson ? /^\{"nonce":(\d+)/.exec(body)?.[1] : (params['nonce'] as string | undefined);
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    endpoint: url.pathname.split('/').pop() ?? '',
    headers: req.headers,
    body,
    params,
    nonce,
  };
}

function reply(res: ServerResponse, answer: StubReply): void {
  if ('hang' in answer) return;
  if ('huge' in answer) {
    sendHuge(res, answer.huge.bytes, answer.huge.declared);
    return;
  }
  if ('destroy' in answer) {
    res.socket?.destroy();
    return;
  }
  if ('status' in answer) {
    res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.text);
    return;
  }
  const envelope = 'error' in answer ? { error: answer.error } : { error: [], result: answer.result };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(envelope));
}

/** Streams `bytes` bytes of `{"error":[],"result":"xxxx…` with back-pressure, stopping when the client goes. */
function sendHuge(res: ServerResponse, bytes: number, declared: boolean): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    ...(declared ? { 'content-length': String(bytes) } : {}),
  });
  const head = Buffer.from('{"error":[],"result":"');
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sent = 0;
  const pump = (): void => {
    while (sent < bytes && !res.destroyed) {
      const piece = sent === 0 ? head : chunk.subarray(0, Math.min(chunk.length, bytes - sent));
      sent += piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

/** A random 64-byte secret in base64, like Kraken's private keys. */
export function randomSecret(): string {
  return Buffer.from(Array.from({ length: 64 }, () => Math.floor(Math.random() * 256))).toString('base64');
}

let keyCounter = 0;
/** A unique API key name per call: lanes are shared per key within a process. */
export function uniqueApiKey(label = 'key'): string {
  keyCounter += 1;
  return `${label}-${process.pid}-${keyCounter}-${Math.random().toString(36).slice(2)}`;
}
