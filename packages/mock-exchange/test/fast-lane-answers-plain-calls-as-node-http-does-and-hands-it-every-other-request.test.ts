import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFastLane } from '../src/adapters/http-fast-lane.js';
import type { MockResponse } from '../src/request.js';
import { exchangeRaw, type RawAnswer } from './support/raw-http.js';
import { signedRequest } from './support/signer.js';
import { newKey } from './support/world.js';

const key = newKey('lane');
let lane: RunningMockExchange;
let plain: RunningMockExchange;

// Limits no test here reaches: the calls are about HTTP, not Kraken's counters.
const unlimited = {
  margin: true,
  maxLeverage: 5,
  withdrawalDailyUsd: '1000000000',
  rest: { max: 1e15, decayPerSecond: 1e15 },
  trading: { threshold: 1e15, decayPerSecond: 1e15, maxOpenOrdersPerPair: 1e6 },
};

beforeAll(async () => {
  const options = {
    seed: 'lane',
    tiers: { starter: unlimited, intermediate: unlimited, pro: unlimited },
    accounts: [{ id: 'main', tier: 'intermediate' as const, ...key, balances: { ZUSD: '100000' } }],
  };
  lane = await startMockExchange(options);
  // The same exchange served by node:http alone: what every answer of the lane is held to.
  plain = await startMockExchange({ ...options, exchange: lane.exchange, fastLane: false });
});

afterAll(async () => {
  await lane.close();
  await plain.close();
});

function get(target: string, extra = ''): string {
  return `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;
}

/** A signed call as raw bytes (form body). */
function signedCall(method: string, params: Record<string, unknown> = {}): string {
  const request = signedRequest(key, method, params);
  const body = request.body ?? '';
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `POST ${request.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const XBT = get('/0/public/Assets?asset=XBT');
const ETH = get('/0/public/Assets?asset=ETH');

function resultOf(answer: RawAnswer | undefined): unknown {
  return (JSON.parse(answer?.body ?? 'null') as { result?: unknown } | null)?.result;
}

/** Cuts `text` into pieces at the given offsets (sorted, deduplicated, within the text). */
function cut(text: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((point) => point % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(text.slice(from, point));
    from = point;
  }
  pieces.push(text.slice(from));
  return pieces.filter((piece) => piece.length > 0);
}

describe('the loopback server answers plain calls on its fast lane as node:http does', () => {
  it('pipelined calls on one connection are answered in order, however the bytes are cut', async () => {
    const [xbt, eth] = await exchangeRaw(plain.port, [XBT + ETH]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (points) => {
        const text = XBT + signedCall('Balance', { asset: 'ZUSD' }) + ETH;
        const answers = await exchangeRaw(lane.port, cut(text, points));
        expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
        expect(resultOf(answers[0])).toEqual(resultOf(xbt));
        expect(answers[1]?.body).toBe('{"error":[],"result":{"ZUSD":"100000.0000"}}');
        expect(resultOf(answers[2])).toEqual(resultOf(eth));
      }),
      { numRuns: 40 },
    );
  });

  it('an answer carries the headers node:http would send: type, length, date and keep-alive', async () => {
    const [fromLane] = await exchangeRaw(lane.port, [XBT]);
    const [fromNode] = await exchangeRaw(plain.port, [XBT]);
    expect(fromLane?.body).toBe(fromNode?.body);
    for (const name of ['content-type', 'content-length', 'connection', 'keep-alive'])
      expect([name, fromLane?.headers[name]]).toEqual([name, fromNode?.headers[name]]);
    expect(fromLane?.headers.date).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it('Connection: close is answered and the connection closed after the answer', async () => {
    const answers = await new Promise<RawAnswer[]>((resolve, reject) => {
      const chunks: Buffer[] = [];
      // Not half-closed by the client: the server must close it.
      const socket = connect(lane.port, '127.0.0.1', () =>
        socket.write(get('/0/public/Assets?asset=XBT', 'Connection: close\r\n') + ETH),
      );
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', async () => {
        const { readAnswers } = await import('./support/raw-http.js');
        resolve(readAnswers(Buffer.concat(chunks)));
      });
    });
    expect(answers).toHaveLength(1);
    expect(answers[0]?.headers.connection).toBe('close');
  });

  it('requests behind a delayed answer (injected latency) wait for it and go out in order', async () => {
    const remove = lane.exchange.faults.add({
      kind: 'latency',
      endpoints: ['Assets'],
      latencyMs: 30,
      times: 1,
    });
    try {
      const answers = await exchangeRaw(lane.port, [XBT + ETH + XBT]);
      expect(answers.map((answer) => (resultOf(answer) as Record<string, unknown>) !== undefined)).toEqual([
        true,
        true,
        true,
      ]);
      expect(Object.keys(resultOf(answers[0]) as object)).toEqual(['XXBT']);
      expect(Object.keys(resultOf(answers[1]) as object)).toEqual(['XETH']);
      expect(Object.keys(resultOf(answers[2]) as object)).toEqual(['XXBT']);
    } finally {
      remove();
    }
  });
});

/** Requests outside the lane's form, each to be answered exactly as node:http alone answers it. */
const OUTSIDE_THE_FORM: readonly string[] = [
  'GET /0/public/Assets?asset=XBT HTTP/1.0\r\nHost: a\r\n\r\n',
  'get /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\n\r\n',
  'PUT /0/public/Assets HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\nHost: a\n\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost : a\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nX-Nul: a\u0000b\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\na',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'POST /0/public/Assets HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n9\r\nasset=XBT\r\n0\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, TE\r\n\r\n',
  'GET http://a/0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\n\r\n',
  'GET /0/public/Assets?asset={XBT} HTTP/1.1\r\nHost: a\r\n\r\n',
  'GET /__mock/report HTTP/1.1\r\nHost: a\r\n\r\n',
  `GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nX-Big: ${'x'.repeat(17 * 1024)}\r\n\r\n`,
  `GET /0/public/Assets?asset=XBT HTTP/1.1\r\n${'X-N: 1\r\n'.repeat(2100)}Host: a\r\n\r\n`,
  'POST /0/public/Assets HTTP/1.1\r\nHost: a\r\nContent-Length: 70000\r\n\r\n' + 'a'.repeat(70_000),
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nX-Val: \u00e9t\u00e9\r\n\r\n',
  // node:http reads Connection and Content-Length values with spaces around them only: a tab is no separator there.
  'POST /0/public/Assets HTTP/1.1\r\nHost: a\r\nContent-Length:\t9\t\r\n\r\nasset=XBT',
  'POST /0/public/Assets HTTP/1.1\r\nHost: a\r\nContent-Length: 9\t\r\n\r\nasset=XBT',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nConnection:\tclose\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nConnection: close\t\r\n\r\n',
  // Two Connection headers that disagree: node:http refuses the request.
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nConnection: close\r\nConnection: keep-alive\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n',
];

// Forms the lane does read: each must also be answered exactly as node:http answers it.
const INSIDE_THE_FORM: readonly string[] = [
  XBT,
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nhOsT:a\r\nCONNECTION: Keep-Alive\r\n\r\n',
  'GET /0/public/Assets?asset=XBT HTTP/1.1\r\nHost: \t a \t\r\nContent-Length: 0003\r\n\r\nabc',
  'POST /0/public/Assets HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\nasset=ETH',
  'GET /0/public/Nothing HTTP/1.1\r\nHost: a\r\n\r\n',
  'GET /0/private/Balance HTTP/1.1\r\nHost: a\r\nAPI-Key: nobody\r\n\r\n',
];

function comparable(answers: readonly RawAnswer[]): unknown[] {
  return answers.map((answer) => ({
    status: answer.status,
    type: answer.headers['content-type'],
    connection: answer.headers.connection,
    body: answer.body,
  }));
}

describe('the fast lane hands node:http every request outside its form, with the connection', () => {
  it.each([...OUTSIDE_THE_FORM, ...INSIDE_THE_FORM].map((text) => [JSON.stringify(text.slice(0, 90)), text]))(
    '%s is answered as node:http alone answers it, alone and after a plain call',
    async (_name, text) => {
      expect(comparable(await exchangeRaw(lane.port, [text]))).toEqual(
        comparable(await exchangeRaw(plain.port, [text])),
      );
      // Handed over mid-connection: the plain call before it is the lane's, the rest node:http's, answered as on a
      // connection of their own. (node:http alone, reading a malformed request behind a good one in the same
      // packet, closes the connection before the good one's answer goes out; the lane has answered it by then.)
      expect(comparable(await exchangeRaw(lane.port, [XBT + text, ETH]))).toEqual([
        ...comparable(await exchangeRaw(plain.port, [XBT])),
        ...comparable(await exchangeRaw(plain.port, [text, ETH])),
      ]);
    },
  );

  it('any sequence of plain and odd requests, however cut, is answered as node:http alone answers it', async () => {
    const request = fc.constantFrom(...OUTSIDE_THE_FORM.slice(0, 19), ...INSIDE_THE_FORM);
    await fc.assert(
      fc.asyncProperty(
        fc.array(request, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (requests, points) => {
          // The plain requests before the first odd one are the lane's; from there on, node:http's.
          const handedOver = requests.findIndex((request) => !INSIDE_THE_FORM.includes(request));
          const lanes = handedOver < 0 ? requests : requests.slice(0, handedOver);
          const expected =
            lanes.length > 0 ? comparable(await exchangeRaw(plain.port, [lanes.join('')])) : [];
          if (handedOver >= 0)
            expected.push(
              ...comparable(await exchangeRaw(plain.port, [requests.slice(handedOver).join('')])),
            );
          expect(comparable(await exchangeRaw(lane.port, cut(requests.join(''), points)))).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a request cut short by the client's end is answered as node:http answers it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...INSIDE_THE_FORM), fc.nat(), async (request, at) => {
        const text = request.slice(0, 1 + (at % (request.length - 1)));
        expect(comparable(await exchangeRaw(lane.port, [XBT + text]))).toEqual([
          ...comparable(await exchangeRaw(plain.port, [XBT])),
          ...comparable(await exchangeRaw(plain.port, [text])),
        ]);
      }),
      { numRuns: 40 },
    );
  });

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])(
    "an empty line (%s) after a call, then the client's end, is no request cut short: node:http skips it",
    async (_name, tail) => {
      expect(comparable(await exchangeRaw(lane.port, [XBT + tail]))).toEqual(
        comparable(await exchangeRaw(plain.port, [XBT + tail])),
      );
      expect(comparable(await exchangeRaw(lane.port, [XBT, tail]))).toEqual(
        comparable(await exchangeRaw(plain.port, [XBT, tail])),
      );
    },
  );

  it("while anyone listens for the server's requests, calls go through node:http, which emits them", async () => {
    const seen: string[] = [];
    const spy = (request: IncomingMessage) => seen.push(request.url ?? '');
    lane.server.prependListener('request', spy);
    try {
      const answers = await exchangeRaw(lane.port, [XBT + ETH]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(seen).toEqual(['/0/public/Assets?asset=XBT', '/0/public/Assets?asset=ETH']);
    } finally {
      lane.server.off('request', spy);
    }
  });

  it('a WebSocket upgrade after plain calls on the same connection reaches the WebSocket server', async () => {
    const upgrade =
      'GET /v2 HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
    const text = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const socket = connect(lane.port, '127.0.0.1', () => socket.write(XBT + upgrade));
      socket.on('data', (chunk: Buffer) => {
        seen += chunk.toString('latin1');
        if (seen.includes('101 Switching Protocols')) {
          socket.destroy();
          resolve(seen);
        }
      });
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(text).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
});

describe('the fastLane option', () => {
  it.each(['no', 0, null])('refuses %j, naming the option, before anything starts', async (value) => {
    await expect(startMockExchange({ seed: 'lane', fastLane: value as unknown as boolean })).rejects.toThrow(
      /fastLane/,
    );
  });
});

describe("the fast lane keeps node:http's timeouts", () => {
  let port = 0;
  let close: () => Promise<void> = async () => {};
  const answer: MockResponse = {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: '{"error":[]}',
    delayMs: 0,
    drop: undefined,
    endpoint: 'Time',
  };

  beforeAll(async () => {
    const server = createServer((_request, response) => response.end());
    installFastLane(server, () => answer, { keepAliveMs: 100, headersMs: 100, requestMs: 200 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  /** Writes `text` without closing, and resolves with what the server sent once it has closed the connection. */
  function untilServerCloses(text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      let seen = '';
      const socket = connect(port, '127.0.0.1', () => socket.write(text));
      socket.on('data', (chunk: Buffer) => {
        seen += chunk.toString('latin1');
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(seen));
    });
  }

  it('an idle keep-alive connection is closed by the server after its answer', async () => {
    const seen = await untilServerCloses(get('/0/public/Time'));
    expect(seen).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(seen).toContain('Keep-Alive: timeout=0');
    expect(seen.endsWith('{"error":[]}')).toBe(true);
  });

  it('a head that stops coming is answered 408 and the connection closed', async () => {
    expect(await untilServerCloses('GET /0/public/Time HTTP/1.1\r\nHost: a\r\n')).toBe(
      'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
    );
  });

  it('a connection that sends nothing is answered 408 after the header time, as node:http answers it', async () => {
    expect(await untilServerCloses('')).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
  });

  it('a body that stops coming is answered 408 and the connection closed', async () => {
    const seen = await untilServerCloses(
      'POST /0/public/Time HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc',
    );
    expect(seen).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
  });
});

describe('the fast lane reads no further while its answers wait to be sent', () => {
  it('a client sending without reading its answers is not read from until each answer has left the process', async () => {
    // Answers larger than any socket buffer: each one waits in the process until the client reads it.
    const body = 'x'.repeat(8 << 20);
    const sockets: Socket[] = [];
    const unsent: number[] = [];
    const server = createServer((_request, response) => response.end());
    installFastLane(
      server,
      () => {
        unsent.push(sockets[0]?.writableLength ?? -1);
        return { status: 200, headers: {}, body, delayMs: 0, drop: undefined, endpoint: 'Time' };
      },
      { keepAliveMs: 5_000, headersMs: 5_000, requestMs: 5_000 },
    );
    server.on('connection', (socket: Socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port: lanePort } = server.address() as AddressInfo;
      const request = get('/0/public/Time');
      const answers = await exchangeRaw(lanePort, [request + request + request]);
      expect(answers.map((answer) => answer.body.length)).toEqual([body.length, body.length, body.length]);
      // Each request was read and answered only once the answer before it had drained.
      expect(unsent).toEqual([0, 0, 0]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
