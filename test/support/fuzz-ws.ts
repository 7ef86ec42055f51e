import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@krakenkit/test-support';
import fc from 'fast-check';
import WebSocket, { WebSocketServer } from 'ws';

/** A frame as sent: text, or raw bytes (a binary frame). */
export type Frame = { text: string } | { bytes: Uint8Array };

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Requests a Kraken v2 server must answer with an error ack (or ignore), never crash on. */
const hostileRequest = fc
  .record(
    {
      method: fc.oneof(
        fc.constantFrom(
          'subscribe',
          'unsubscribe',
          'add_order',
          'amend_order',
          'cancel_order',
          'batch_add',
          'ping',
          'edit_order',
          'cancel_all',
          'Nope',
          '',
          '__proto__',
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      params: fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.record(
          {
            channel: fc.oneof(
              fc.constantFrom(
                'book',
                'ticker',
                'trade',
                'ohlc',
                'instrument',
                'executions',
                'balances',
                'level3',
              ),
              fc.jsonValue({ maxDepth: 1 }),
            ),
            symbol: fc.oneof(fc.constant(['BTC/USD']), fc.jsonValue({ maxDepth: 2 })),
            depth: fc.oneof(fc.constantFrom(10, 25, 7, -1, 1e308), fc.jsonValue({ maxDepth: 1 })),
            interval: fc.oneof(fc.constantFrom(1, 5, 0, -5), fc.string()),
            token: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
            order_qty: fc.oneof(fc.constantFrom(1e308, -1, 0, 'NaN', '1e5'), fc.jsonValue({ maxDepth: 1 })),
          },
          { requiredKeys: [] },
        ),
      ),
      req_id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double()),
    },
    { requiredKeys: ['method'] },
  )
  .map((request): Frame => ({ text: JSON.stringify(request) }));

export const hostileFrame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 4, arbitrary: hostileRequest },
  {
    weight: 2,
    arbitrary: fc
      .jsonValue({ maxDepth: 4 })
      .map((value): Frame => ({ text: JSON.stringify(value) ?? 'null' })),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text): Frame => ({ text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes): Frame => ({ bytes })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        nested(100_000),
        `{"method":"subscribe","params":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
        '{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":10,"__proto__":{"fuzzPolluted":1}}}',
        '{"__proto__":{"method":"ping"}}',
        '{"method":"ping","req_id":1e400}',
        'null',
        '',
      )
      .map((text): Frame => ({ text })),
  },
);

/** Frames a Kraken v2 server might (wrongly) send a client: broken JSON, wrong types, near-miss book messages. */
export const hostileServerFrame: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
  fc
    .record(
      {
        channel: fc.constantFrom(
          'book',
          'ticker',
          'trade',
          'ohlc',
          'instrument',
          'executions',
          'balances',
          'status',
          'heartbeat',
          'level3',
        ),
        type: fc.oneof(fc.constantFrom('snapshot', 'update'), fc.jsonValue({ maxDepth: 1 })),
        data: fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          fc.array(
            fc.record(
              {
                symbol: fc.oneof(fc.constant('BTC/USD'), fc.jsonValue({ maxDepth: 1 })),
                bids: fc.oneof(
                  fc.array(
                    fc.record({ price: fc.jsonValue({ maxDepth: 1 }), qty: fc.jsonValue({ maxDepth: 1 }) }),
                  ),
                  fc.jsonValue({ maxDepth: 2 }),
                ),
                checksum: fc.oneof(fc.integer(), fc.double(), fc.string()),
                bid: fc.jsonValue({ maxDepth: 1 }),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
        ),
        sequence: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: ['channel'] },
    )
    .map((frame) => JSON.stringify(frame)),
  fc.constantFrom(
    nested(100_000),
    '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1e99999999,"qty":1}],"asks":[],"checksum":1}]}',
    '{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":"NaN"}]}',
    `{"channel":"trade","type":"update","data":[{"symbol":"${'x'.repeat(1 << 20)}"}]}`,
    '{"method":"subscribe","req_id":"nope","success":"yes"}',
    '{"__proto__":{"channel":"heartbeat"}}',
  ),
);

export function sendFrame(socket: WebSocket, frame: Frame): void {
  if ('text' in frame) socket.send(frame.text);
  else socket.send(frame.bytes, { binary: true });
}

/** Opens a raw connection and collects every text frame it receives. */
export async function rawSocket(url: string): Promise<{ socket: WebSocket; received: string[] }> {
  const socket = new WebSocket(url);
  const received: string[] = [];
  socket.on('message', (data) => received.push(data.toString()));
  socket.on('error', () => {});
  await once(socket, 'open');
  return { socket, received };
}

/** A Kraken-shaped v2 server on 127.0.0.1 that acknowledges subscriptions and lets the test push any frame. */
export interface HostileServer {
  url: string;
  broadcast(text: string): void;
  close(): Promise<void>;
}

export async function hostileServer(): Promise<HostileServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(data.toString()) as {
        method?: string;
        req_id?: number;
        params?: { channel?: string };
      };
      if (request.method === 'subscribe' || request.method === 'unsubscribe') {
        const result = { channel: request.params?.channel, symbol: 'BTC/USD' };
        socket.send(
          JSON.stringify({ method: request.method, req_id: request.req_id, success: true, result }),
        );
      } else if (request.method === 'ping') {
        socket.send(JSON.stringify({ method: 'pong', req_id: request.req_id }));
      }
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    broadcast: (text) => {
      for (const client of server.clients) client.send(text);
    },
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { waitFor as waitUntil };
