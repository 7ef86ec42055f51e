import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningMockExchange, startMockExchange } from '../src/adapters/server.js';
import { type Envelope, signedRequest, type TestKey } from './support/signer.js';
import { newKey } from './support/world.js';

const MIB = 1 << 20;

let running: RunningMockExchange | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(key: TestKey): Promise<RunningMockExchange> {
  running = await startMockExchange({
    seed: 'bodies',
    accounts: [{ id: 'main', tier: 'intermediate', ...key, balances: { ZUSD: '100000' } }],
  });
  return running;
}

/** Writes raw bytes on a fresh connection and resolves with everything the server sent until it closed. */
function rawExchange(port: number, parts: readonly (string | Buffer)[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      for (const part of parts) socket.write(part);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** A chunked request (`Connection: close`), its body cut into `pieces` chunks on the wire. */
function chunkedRequest(path: string, headers: Record<string, string>, pieces: readonly string[]): string[] {
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Transfer-Encoding: chunked',
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  const chunks = pieces.map((piece) => `${Buffer.byteLength(piece).toString(16)}\r\n${piece}\r\n`);
  return [`${head}\r\n\r\n`, ...chunks, '0\r\n\r\n'];
}

describe('the loopback server reads each body whole, within its bound', () => {
  it('a body that arrives in several chunks is signed-checked and answered as one', async () => {
    const key = newKey('chunks');
    const server = await start(key);
    const request = signedRequest(key, 'Balance', { asset: 'ZUSD' });
    const body = request.body ?? '';
    const pieces = [body.slice(0, 3), body.slice(3, 11), body.slice(11)];
    const answer = await rawExchange(
      server.port,
      chunkedRequest(request.path, request.headers as Record<string, string>, pieces),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    const envelope = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Envelope;
    expect(envelope).toEqual({ error: [], result: { ZUSD: '100000.0000' } });
  });

  it('a declared length over 1 MiB is refused with 413 before any of the body is read', async () => {
    const server = await start(newKey('declared'));
    const answer = await rawExchange(server.port, [
      `POST /0/private/Balance HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${2 * MIB}\r\n\r\n`,
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain(`request body larger than ${MIB} bytes`);
  });

  it('a chunked body growing past 1 MiB is refused with 413 and the connection closed', async () => {
    const server = await start(newKey('grown'));
    const answer = await rawExchange(
      server.port,
      chunkedRequest('/0/private/Balance', {}, ['a'.repeat(MIB / 2), 'b'.repeat(MIB / 2 + 1)]),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
  });

  it('a client that hangs up mid-body costs nothing: no unhandled rejection, the next call is answered', async () => {
    const key = newKey('hangup');
    const server = await start(key);
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const closed = new Promise<void>((resolve) =>
        server.server.once('request', (req: IncomingMessage) => req.once('close', () => resolve())),
      );
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write('POST /0/private/Balance HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nnon');
      });
      server.server.once('request', () => socket.destroy());
      await closed;
      const request = signedRequest(key, 'Balance');
      const response = await fetch(server.url + request.path, {
        method: 'POST',
        headers: request.headers as Record<string, string>,
        body: request.body ?? '',
      });
      expect(((await response.json()) as Envelope).error).toEqual([]);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
