import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import {
  computeApiSign,
  ManualClock,
  type RunningMockExchange,
  startMockExchange,
} from '@krakenkit/mock-exchange';
import { waitFor } from '@krakenkit/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

// Adversarial load on the loopback mock exchange (issue 13): slow bodies before authentication, WebSocket floods
// and readers that stop reading. Each test proves its point by events: the hostile request is answered and a
// following request (or a second client) is answered too. The only clock readings are hang detectors, far above
// a healthy run: the CPU time of handling a 1 MiB body (linear parsing takes milliseconds, the quadratic parsing
// it replaced took minutes) and 10 s for a second client's answers during a flood (it used to take minutes).

const KEY = { apiKey: 'hostile-key', apiSecret: randomBytes(64).toString('base64') };
/** Just under the loopback server's 1 MiB body cap, so the body reaches the exchange core. */
const BODY_BYTES = 1_000_000;
const CPU_HANG_MS = 5_000;
const ANSWER_HANG_MS = 10_000;
const NOT_A_SIGNATURE = Buffer.from('not a signature').toString('base64');

interface Envelope {
  error: string[];
  result?: unknown;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

let nonce = BigInt(Date.now()) * 1000n;
function nextNonce(): string {
  nonce += 1n;
  return nonce.toString();
}

async function post(
  running: RunningMockExchange,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ envelope: Envelope; cpuMs: number }> {
  const before = cpuMs();
  const response = await fetch(`${running.url}${path}`, { method: 'POST', headers, body });
  const envelope = (await response.json()) as Envelope;
  return { envelope, cpuMs: cpuMs() - before };
}

function signedHeaders(path: string, nonceText: string, body: string, contentType: string) {
  const secret = Buffer.from(KEY.apiSecret, 'base64');
  return {
    'API-Key': KEY.apiKey,
    'API-Sign': computeApiSign(secret, path, nonceText, body).toString('base64'),
    'Content-Type': contentType,
  };
}

async function serverTime(running: RunningMockExchange): Promise<Envelope> {
  const response = await fetch(`${running.url}/0/public/Time`);
  return (await response.json()) as Envelope;
}

describe('REST: hostile bodies are read in linear time, the signature before the parse', () => {
  let running: RunningMockExchange;
  beforeAll(async () => {
    running = await startMockExchange({
      seed: 'hostile-bodies',
      pairs: ['XXBTZUSD'],
      accounts: [{ id: 'main', tier: 'intermediate', ...KEY, balances: { ZUSD: '1000' } }],
      ws: { heartbeatIntervalMs: 0 },
    });
  });
  afterAll(() => running.close());
  afterEach(() => expect(running.exchange.internalErrors).toEqual([]));

  it('a JSON body whose first key follows 1 MiB of whitespace is refused, and the next request is answered', async () => {
    // A nested object before the nonce: the old pattern could match neither way and backtracked over every space.
    const body = `{${' '.repeat(BODY_BYTES)}"options":{},"nonce":"${nextNonce()}"}`;
    const headers = {
      'API-Key': KEY.apiKey,
      'API-Sign': NOT_A_SIGNATURE,
      'Content-Type': 'application/json',
    };
    const { envelope, cpuMs } = await post(running, '/0/private/Balance', body, headers);
    expect(envelope.error).toEqual(['EAPI:Invalid signature']);
    expect(cpuMs).toBeLessThan(CPU_HANG_MS);
    expect((await serverTime(running)).error).toEqual([]);
  });

  it.each([
    ['list items appended with []', 'a[]=1&'.repeat(Math.floor(BODY_BYTES / 6))],
    [
      'numbered list items',
      Array.from({ length: Math.floor(BODY_BYTES / 12) }, (_, i) => `a[${i}]=1`).join('&'),
    ],
    ['distinct keys', Array.from({ length: Math.floor(BODY_BYTES / 10) }, (_, i) => `k${i}=1`).join('&')],
    ['JSON with 1 MiB of whitespace', `{${' '.repeat(BODY_BYTES)}"pair":"XBTUSD"}`],
  ])('a 1 MiB public body of %s is answered, and the next request is answered', async (_, body) => {
    const contentType = body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded';
    const { envelope, cpuMs } = await post(running, '/0/public/Time', body, { 'Content-Type': contentType });
    expect(envelope.error).toEqual([]);
    expect(cpuMs).toBeLessThan(CPU_HANG_MS);
    expect((await serverTime(running)).error).toEqual([]);
  });

  it('1 MiB of repeated form nonce fields is refused with EAPI:Invalid nonce, even correctly signed', async () => {
    const path = '/0/private/Balance';
    const nonces = Array.from({ length: Math.floor(BODY_BYTES / 26) }, () => nextNonce());
    const body = nonces.map((n) => `nonce=${n}`).join('&');
    const last = nonces[nonces.length - 1] ?? '';
    const form = 'application/x-www-form-urlencoded';
    const { envelope, cpuMs } = await post(running, path, body, signedHeaders(path, last, body, form));
    expect(envelope.error).toEqual(['EAPI:Invalid nonce']);
    expect(cpuMs).toBeLessThan(CPU_HANG_MS);
  });

  it('1 MiB of repeated JSON nonce keys is refused with EAPI:Invalid nonce, even correctly signed', async () => {
    const path = '/0/private/Balance';
    const nonces = Array.from({ length: Math.floor(BODY_BYTES / 28) }, () => nextNonce());
    const body = `{${nonces.map((n) => `"nonce":"${n}"`).join(',')}}`;
    const first = nonces[0] ?? '';
    const json = 'application/json';
    const { envelope, cpuMs } = await post(running, path, body, signedHeaders(path, first, body, json));
    expect(envelope.error).toEqual(['EAPI:Invalid nonce']);
    expect(cpuMs).toBeLessThan(CPU_HANG_MS);
  });

  it('after the hostile bodies a well-formed signed call is still answered (form and JSON)', async () => {
    const path = '/0/private/Balance';
    const form = `nonce=${nextNonce()}`;
    const formNonce = form.slice('nonce='.length);
    const formContentType = 'application/x-www-form-urlencoded';
    const formAnswer = await post(running, path, form, signedHeaders(path, formNonce, form, formContentType));
    expect(formAnswer.envelope.error).toEqual([]);
    const jsonNonce = nextNonce();
    const json = `{"nonce":${jsonNonce}}`;
    const jsonAnswer = await post(
      running,
      path,
      json,
      signedHeaders(path, jsonNonce, json, 'application/json'),
    );
    expect(jsonAnswer.envelope.error).toEqual([]);
  });

  it('a body over the 1 MiB cap is answered 413 (with or without Content-Length), and the next request is answered', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    for (const chunked of [false, true]) {
      const answer = await rawPost(running.url, '/0/private/Balance', huge, chunked);
      expect(answer, chunked ? 'chunked' : 'with Content-Length').toMatchObject({ status: 413 });
      expect(answer.text).toMatch(/larger than 1048576 bytes/);
    }
    expect((await serverTime(running)).error).toEqual([]);
  });
});

/**
 * POSTs `body` with node:http (Content-Length, or chunked), resolving with the answer even when the server answers
 * before the upload is over and then closes the connection.
 */
function rawPost(
  base: string,
  path: string,
  body: string,
  chunked: boolean,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${base}${path}`, {
      method: 'POST',
      headers: chunked
        ? { 'transfer-encoding': 'chunked', 'content-type': 'application/x-www-form-urlencoded' }
        : {
            'content-length': String(Buffer.byteLength(body)),
            'content-type': 'application/x-www-form-urlencoded',
          },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
      );
      response.on('error', reject);
    });
    // The server closes once it has answered, possibly while the upload is still going: the answer is what counts.
    let answered = false;
    request.on('response', () => {
      answered = true;
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    for (let offset = 0; offset < body.length; offset += 64 * 1024)
      request.write(body.slice(offset, offset + 64 * 1024));
    request.end();
  });
}

/** A raw v2 connection that keeps the small frames it receives (a depth-1000 snapshot is ~70 KB: counted only). */
class Socket {
  readonly small: Array<Record<string, unknown>> = [];
  received = 0;
  closeCode: number | undefined;
  readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data: Buffer) => {
      this.received += 1;
      if (data.length < 4096) this.small.push(JSON.parse(data.toString()) as Record<string, unknown>);
    });
    ws.on('close', (code) => {
      this.closeCode = code;
    });
    ws.on('error', () => {});
  }

  static async open(url: string): Promise<Socket> {
    const ws = new WebSocket(url);
    const socket = new Socket(ws);
    await once(ws, 'open');
    return socket;
  }

  send(method: string, reqId: number, params?: Record<string, unknown>): void {
    this.ws.send(JSON.stringify({ method, ...(params === undefined ? {} : { params }), req_id: reqId }));
  }

  answers(reqId: number): Array<Record<string, unknown>> {
    return this.small.filter((frame) => frame.req_id === reqId);
  }

  async call(method: string, reqId: number, params?: Record<string, unknown>, count = 1) {
    this.send(method, reqId, params);
    await waitFor(() => this.answers(reqId).length >= count, `${count} answer(s) to ${method} ${reqId}`);
    return this.answers(reqId);
  }

  close(): void {
    this.ws.terminate();
  }
}

describe('WebSocket: per-connection limits, so one noisy client cannot starve the others', () => {
  let running: RunningMockExchange | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    expect(running?.exchange.internalErrors ?? []).toEqual([]);
    await running?.close();
    running = undefined;
  });

  async function open(url: string): Promise<Socket> {
    const socket = await Socket.open(url);
    sockets.push(socket);
    return socket;
  }

  it('a depth-1000 subscribe flood: another client is answered, the flooder is refused and then closed', async () => {
    // The exchange's clock stands still, so the budget does not refill while a loaded machine works through the
    // flood: the burst is admitted, the rest refused, and the flooder closed, however fast the machine is.
    running = await startMockExchange({
      seed: 'ws-flood',
      clock: new ManualClock(),
      pairs: ['XXBTZUSD', 'XETHZUSD'],
    });
    const flooder = await open(running.wsUrl);
    // Without snapshots the flood costs the server CPU (a depth-1000 book per subscribe) rather than send buffer.
    const book = { channel: 'book', symbol: ['BTC/USD'], depth: 1000, snapshot: false };
    for (let i = 0; i < 4000; i += 1) flooder.send(i % 2 === 0 ? 'subscribe' : 'unsubscribe', i, book);
    await waitFor(() => flooder.received > 0, 'the flood to be under way');

    const started = performance.now();
    const other = await open(running.wsUrl);
    const [pong, time] = await Promise.all([other.call('ping', 1), serverTime(running)]);
    expect(performance.now() - started).toBeLessThan(ANSWER_HANG_MS);
    expect(pong[0]).toMatchObject({ method: 'pong', req_id: 1 });
    expect(time.error).toEqual([]);

    // Kraken's v2 error answer, with its rate-limit string; a client that keeps flooding is then disconnected.
    await waitFor(() => flooder.closeCode !== undefined, 'the flooder to be disconnected');
    const refused = flooder.small.filter((frame) => frame.error === 'Exceeded msg rate');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ success: false, req_id: expect.any(Number) });
    expect(['subscribe', 'unsubscribe']).toContain(refused[0]?.method);
    expect(flooder.closeCode).toBe(1008);
    expect(await other.call('ping', 2)).toHaveLength(1);
  });

  it('subscriptions past the per-connection limit are refused with the limit error', async () => {
    running = await startMockExchange({
      seed: 'ws-subscription-limit',
      pairs: ['XXBTZUSD', 'XETHZUSD'],
      ws: { heartbeatIntervalMs: 0, maxSubscriptions: 3 },
    });
    const client = await open(running.wsUrl);
    const ticker = await client.call(
      'subscribe',
      1,
      { channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'] },
      2,
    );
    expect(ticker.every((answer) => answer.success === true)).toBe(true);
    expect((await client.call('subscribe', 2, { channel: 'trade', symbol: ['BTC/USD'] }))[0]).toMatchObject({
      success: true,
    });
    const refused = await client.call('subscribe', 3, { channel: 'book', symbol: ['ETH/USD'] });
    expect(refused).toEqual([
      expect.objectContaining({
        method: 'subscribe',
        success: false,
        error: 'Exceeded max subscriptions',
        symbol: 'ETH/USD',
        req_id: 3,
      }),
    ]);
    // A request naming more symbols than the limit is refused with one answer, not one per symbol.
    const many = Array.from({ length: 5000 }, (_, i) => `X${i}/USD`);
    await client.call('subscribe', 4, { channel: 'ticker', symbol: many });
    await client.call('ping', 5);
    expect(client.answers(4)).toEqual([
      expect.objectContaining({ success: false, error: 'Exceeded max subscriptions', req_id: 4 }),
    ]);
    // Freeing one makes room for one.
    await client.call('unsubscribe', 6, { channel: 'trade', symbol: ['BTC/USD'] });
    const book = await client.call('subscribe', 7, { channel: 'book', symbol: ['ETH/USD'] });
    expect(book[0]).toMatchObject({ success: true });
  });

  it('a client that stops reading its depth-1000 books is disconnected; another client keeps being served', async () => {
    running = await startMockExchange({
      seed: 'ws-slow-reader',
      pairs: ['XXBTZUSD', 'XETHZUSD'],
      settings: { stepMs: 50 },
      tickMs: 20,
      ws: { heartbeatIntervalMs: 0, maxBufferedBytes: 256 * 1024 },
    });
    const reader = await open(running.wsUrl);
    const stalled = await open(running.wsUrl);
    const book = { channel: 'book', symbol: ['BTC/USD', 'ETH/USD'], depth: 1000 };
    await stalled.call('subscribe', 1, book, 2);
    stalled.ws.pause();
    const ws = running.ws;
    await waitFor(() => ws.slowConsumerDrops >= 1, 'the stalled reader to be disconnected');
    expect(await reader.call('ping', 1)).toHaveLength(1);
    expect((await serverTime(running)).error).toEqual([]);
  });
});
