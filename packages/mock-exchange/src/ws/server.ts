import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { E } from '../core/rejection.js';
import type { MockExchange } from '../exchange.js';
import { WsConnection } from './connection.js';
import { WsFaults } from './faults.js';
import { WsFeeds } from './feeds.js';
import { WsHub, type WsRequest } from './hub.js';
import { rfc3339Micro, toJsonText } from './json-text.js';
import { frameCost, MessageBudget } from './message-budget.js';
import { type MockWsOptions, resolveWsOptions } from './options.js';
import { subscribePrivate, unsubscribePrivate } from './private-subscriptions.js';
import {
  subscribeInstrument,
  subscribePublic,
  unsubscribeInstrument,
  unsubscribePublic,
} from './public-subscriptions.js';
import { runTradingMethod, TRADING_METHODS } from './trading-methods.js';

const PUBLIC_CHANNELS = new Set(['book', 'ticker', 'trade', 'ohlc']);

/**
 * The mock's Kraken WebSocket v2 server, on the same node:http server as REST (path `/v2`; public and private
 * channels on one endpoint, so both of the client's URLs can point at it). On connect: a `status` message. Then
 * ping → pong, subscribe/unsubscribe of book, ticker, trade, ohlc, instrument, executions and balances, and the
 * trading methods, which run on the exchange's own services. Heartbeats fill silences of subscribed connections.
 * Each connection is bounded on its own (options.ts): inbound message rate (over it, Kraken's v2 error answer, then
 * a 1008 close for a client that keeps flooding), subscriptions, and unsent bytes (a client that does not read is
 * disconnected); messages are taken one per event-loop turn, so a noisy connection cannot starve the others.
 * `faults` drops connections, corrupts a book checksum or refuses a subscription; `close()` ends every connection and timer.
 */
export class MockWsServer {
  readonly faults: WsFaults;
  readonly #hub: WsHub;
  readonly #wss: WebSocketServer;
  readonly #connections = new Set<WsConnection>();
  readonly #stopFeeds: () => void;
  readonly #heartbeat: ReturnType<typeof setInterval> | undefined;
  readonly #detach: Array<() => void> = [];
  #nextId = 1;
  #slowConsumerDrops = 0;
  #closed = false;

  constructor(exchange: MockExchange, options: MockWsOptions = {}) {
    const resolved = resolveWsOptions(options);
    const live = () => this.#connections;
    this.faults = new WsFaults(exchange.ctx.catalog, live);
    this.#hub = new WsHub(exchange, resolved, this.faults);
    // One message per event-loop turn: a connection sending a burst cannot hold the loop while others wait.
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: resolved.maxPayloadBytes,
      allowSynchronousEvents: false,
    });
    this.#stopFeeds = new WsFeeds(this.#hub, live, this.faults).start();
    const every = resolved.heartbeatIntervalMs;
    if (every > 0) {
      this.#heartbeat = setInterval(() => this.#beat(every), every);
      this.#heartbeat.unref();
    }
  }

  /** Serves WebSocket upgrades on `server` at the configured path (others are refused with a destroyed socket). */
  attach(server: Server): void {
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      if (this.#closed || path !== this.#hub.options.path) {
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws));
    };
    server.on('upgrade', onUpgrade);
    this.#detach.push(() => server.off('upgrade', onUpgrade));
  }

  /** Open connections. */
  get connectionCount(): number {
    return [...this.#connections].filter((connection) => connection.isOpen).length;
  }

  /** Connections terminated because their consumer did not read (send buffer over the bound). */
  get slowConsumerDrops(): number {
    return this.#slowConsumerDrops;
  }

  /** Terminates every connection, stops heartbeats and stops following the exchange. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#stopFeeds();
    for (const detach of this.#detach.splice(0)) detach();
    for (const connection of this.#connections) connection.terminate();
    this.#connections.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(ws: WebSocket): void {
    const connection = new WsConnection(this.#nextId++, ws, this.#hub.options.maxBufferedBytes, () => {
      this.#slowConsumerDrops += 1;
    });
    this.#connections.add(connection);
    const { maxMessagesPerSecond, messageBurst, closeAfterRefusedMessages } = this.#hub.options;
    const budget = new MessageBudget(maxMessagesPerSecond, messageBurst, closeAfterRefusedMessages);
    ws.on('message', (data, isBinary) => {
      // Frames still in flight after a close are dropped unread.
      if (!connection.isOpen) return;
      // The exchange's clock: tests that hold a ManualClock still see exactly `messageBurst` messages admitted.
      const admission = budget.admit(this.#hub.now(), frameCost(byteLength(data)));
      if (admission === 'accept') this.#onMessage(connection, data, isBinary);
      else this.#refuse(connection, ws, readRequest(data, isBinary, this.#hub.now()), admission === 'close');
    });
    ws.on('close', () => this.#connections.delete(connection));
    ws.on('error', () => this.#connections.delete(connection));
    connection.send(
      toJsonText({
        channel: 'status',
        type: 'update',
        data: [
          {
            api_version: 'v2',
            connection_id: connection.id,
            system: this.#hub.ctx.system.status,
            version: this.#hub.options.version,
          },
        ],
      }),
    );
  }

  #onMessage(connection: WsConnection, data: RawData, isBinary: boolean): void {
    const request = readRequest(data, isBinary, this.#hub.exchange.advance());
    try {
      this.#dispatch(connection, request);
    } catch (error) {
      this.#hub.exchange.internalErrors.push(error);
      this.#hub.answer(connection, request, { success: false, error: E.internalError });
    }
  }

  /** A message over the connection's rate: Kraken's v2 error answer, not processed; then maybe the close. */
  #refuse(connection: WsConnection, ws: WebSocket, request: WsRequest, close: boolean): void {
    const error = this.#hub.options.rateLimitError;
    // A ping is answered as a pong, as its successful answer would be.
    const method = request.method === 'ping' ? 'pong' : request.method;
    this.#hub.answer(connection, request, { success: false, error }, method);
    if (close) ws.close(1008, error.slice(0, 120));
  }

  #dispatch(connection: WsConnection, request: WsRequest): void {
    const hub = this.#hub;
    const { method } = request;
    if (request.badReqId) {
      // Answered without running it: the caller could not match the answer to its request anyway.
      hub.answer(connection, request, { success: false, error: `${E.invalidArguments}:req_id` });
    } else if (method === 'ping') {
      connection.send(
        toJsonText({
          method: 'pong',
          req_id: request.reqId,
          time_in: rfc3339Micro(request.timeIn),
          time_out: rfc3339Micro(hub.now()),
        }),
      );
    } else if (method === 'subscribe' || method === 'unsubscribe') {
      this.#subscription(connection, request, method === 'subscribe');
    } else {
      const trading = TRADING_METHODS.get(method);
      if (trading === undefined) {
        hub.answer(connection, request, {
          success: false,
          error: method === '' ? E.invalidArguments : E.unknownMethod,
        });
        return;
      }
      const owner = hub.tokenOwner(connection, request.params.token);
      if (owner === undefined) {
        hub.answer(connection, request, { success: false, error: hub.options.invalidTokenError });
        return;
      }
      const { token: _token, ...params } = request.params;
      const answers = runTradingMethod(trading, { ctx: hub.ctx, ...owner, params, now: request.timeIn });
      for (const answer of answers) hub.answer(connection, request, answer);
    }
  }

  #subscription(connection: WsConnection, request: WsRequest, subscribe: boolean): void {
    const hub = this.#hub;
    const channel = request.params.channel;
    if (typeof channel === 'string' && PUBLIC_CHANNELS.has(channel)) {
      const kind = channel as 'book' | 'ticker' | 'trade' | 'ohlc';
      if (subscribe) subscribePublic(hub, connection, request, kind);
      else unsubscribePublic(hub, connection, request, kind);
    } else if (channel === 'instrument') {
      if (subscribe) subscribeInstrument(hub, connection, request);
      else unsubscribeInstrument(hub, connection, request);
    } else if (channel === 'executions' || channel === 'balances') {
      if (subscribe) subscribePrivate(hub, connection, request, channel);
      else unsubscribePrivate(hub, connection, request, channel);
    } else {
      hub.answer(connection, request, { success: false, error: `${E.invalidArguments}:channel` });
    }
  }

  #beat(every: number): void {
    const quietSince = Date.now() - every;
    for (const connection of this.#connections) {
      if (connection.subscribed && connection.lastSentAt <= quietSince)
        connection.send('{"channel":"heartbeat"}');
    }
  }
}

/** The request in a frame: method, object params and integer req_id when present, anything else left out. */
function readRequest(data: RawData, isBinary: boolean, timeIn: number): WsRequest {
  let message: { method?: unknown; params?: unknown; req_id?: unknown };
  try {
    message = isBinary ? {} : (JSON.parse(rawText(data)) as typeof message);
  } catch {
    message = {};
  }
  const params = message?.params;
  return {
    method: typeof message?.method === 'string' ? message.method : '',
    params:
      params !== null && typeof params === 'object' && !Array.isArray(params)
        ? (params as WsRequest['params'])
        : {},
    reqId: Number.isSafeInteger(message?.req_id) ? (message?.req_id as number) : undefined,
    badReqId: message?.req_id !== undefined && !Number.isSafeInteger(message.req_id),
    timeIn,
  };
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data.byteLength;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** Creates the WebSocket v2 server for `exchange` and serves it on `server`. */
export function attachMockWsServer(
  server: Server,
  exchange: MockExchange,
  options: MockWsOptions = {},
): MockWsServer {
  const ws = new MockWsServer(exchange, options);
  ws.attach(server);
  return ws;
}
