import { connect, type Socket } from 'node:net';
import { waitFor } from '@krakenkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { MockConfigError, type RunningMockExchange, startMockExchange } from '../src/index.js';
import { RawWs } from './support/ws-harness.js';

let running: RunningMockExchange | undefined;
const sockets: Socket[] = [];
let raw: RawWs | undefined;
afterEach(async () => {
  raw?.close();
  for (const socket of sockets.splice(0)) socket.destroy();
  await running?.close();
  running = raw = undefined;
});

/** A connection that reports whether the server has closed it. */
function open(port: number): Promise<{ socket: Socket; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = connect(port, '127.0.0.1', () => resolve({ socket, closed: () => closed }));
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', reject);
    sockets.push(socket);
  });
}

describe('the loopback server', () => {
  it('closes a connection over maxConnections at once and keeps serving the ones it holds', async () => {
    running = await startMockExchange({ seed: 'caps', maxConnections: 2 });
    let accepted = 0;
    running.server.on('connection', () => {
      accepted += 1;
    });
    const held = [await open(running.port), await open(running.port)];
    await waitFor(() => accepted === 2, 'two connections accepted');
    const over = await open(running.port);
    await waitFor(() => over.closed(), 'the third connection closed');
    expect(held.map((connection) => connection.closed())).toEqual([false, false]);
    const [first] = held;
    first?.socket.write('GET /0/public/Time HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const answer = await new Promise<string>((resolve) =>
      first?.socket.once('data', (d) => resolve(String(d))),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });

  it('refuses a maxConnections that is no whole number of 1 or more, naming it', async () => {
    for (const value of [0, -1, 1.5, Number.NaN]) {
      await expect(startMockExchange({ seed: 'caps', maxConnections: value })).rejects.toThrow(
        MockConfigError,
      );
      await expect(startMockExchange({ seed: 'caps', maxConnections: value })).rejects.toThrow(
        /maxConnections/,
      );
    }
  });

  it('answers a WebSocket request whose req_id is no integer with an error, without running it', async () => {
    running = await startMockExchange({ seed: 'caps' });
    raw = await RawWs.open(running.wsUrl);
    for (const reqId of ['7', 1.5, 2 ** 60]) {
      const before = raw.frames.length;
      raw.socket.send(
        JSON.stringify({
          method: 'subscribe',
          params: { channel: 'ticker', symbol: ['BTC/USD'] },
          req_id: reqId,
        }),
      );
      await waitFor(() => raw !== undefined && raw.frames.length > before, 'an answer');
      expect(raw.frames[before]).toMatchObject({
        method: 'subscribe',
        success: false,
        error: 'EGeneral:Invalid arguments:req_id',
      });
      expect(raw.frames[before]).not.toHaveProperty('req_id');
    }
    // Nothing was subscribed: an integer req_id subscribes and is echoed.
    const [ok] = await raw.call('subscribe', { channel: 'ticker', symbol: ['BTC/USD'] });
    expect(ok).toMatchObject({ success: true, req_id: expect.any(Number) });
  });
});
