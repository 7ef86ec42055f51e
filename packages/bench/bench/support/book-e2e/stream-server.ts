/**
 * A loopback WebSocket server that plays a recorded Kraken v2 `book` stream to each subscriber: on `subscribe`
 * (channel book) it acknowledges the way Kraken does, then writes the snapshot and every update as fast as the
 * socket takes them. It also answers `ping`, `unsubscribe` and the closing handshake, so a real client runs its
 * normal code path from connect to close.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { handshakeResponse, OPCODE, readClientFrames, serverFrame } from './ws-frames.js';

const STATUS =
  '{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":1,"system":"online","version":"2.0.10"}]}';

interface Request {
  method?: unknown;
  params?: { channel?: unknown; symbol?: unknown; depth?: unknown };
  req_id?: unknown;
}

/** Serves `stream` (pre-framed text frames) to every `book` subscriber of `symbol`. */
export function createStreamServer(symbol: string, depth: number, stream: Buffer): Server {
  const server = createServer((_request, response) => {
    response.writeHead(426, { connection: 'close' }).end();
  });
  server.on('upgrade', (request, socket: Socket) => {
    const key = request.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    // A client that goes away mid-stream is not the server's failure.
    socket.on('error', () => socket.destroy());
    socket.write(handshakeResponse(key));
    socket.write(serverFrame(OPCODE.text, STATUS));
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readClientFrames(
        pending.length === 0 ? chunk : Buffer.concat([pending, chunk]),
      );
      pending = rest;
      for (const frame of frames) {
        if (frame.opcode === OPCODE.close) {
          socket.end(serverFrame(OPCODE.close, frame.payload.subarray(0, 2)));
          return;
        }
        if (frame.opcode === OPCODE.ping) socket.write(serverFrame(OPCODE.pong, frame.payload));
        else if (frame.opcode === OPCODE.text) answer(socket, frame.payload.toString('utf8'));
      }
    });
  });

  function answer(socket: Socket, text: string): void {
    const request = JSON.parse(text) as Request;
    const reqId = typeof request.req_id === 'number' ? request.req_id : undefined;
    const now = new Date().toISOString();
    const reply = (body: Record<string, unknown>) =>
      socket.write(
        serverFrame(
          OPCODE.text,
          JSON.stringify({
            ...body,
            ...(reqId === undefined ? {} : { req_id: reqId }),
            time_in: now,
            time_out: now,
          }),
        ),
      );
    if (request.method === 'ping') {
      reply({ method: 'pong' });
      return;
    }
    const channel = request.params?.channel;
    if (request.method === 'unsubscribe') {
      reply({ method: 'unsubscribe', success: true, result: { channel, symbol } });
      return;
    }
    if (request.method !== 'subscribe' || channel !== 'book') {
      reply({ method: String(request.method), success: false, error: 'EGeneral:Invalid arguments' });
      return;
    }
    reply({ method: 'subscribe', success: true, result: { channel, symbol, depth, snapshot: true } });
    socket.write(stream);
  }

  return server;
}
