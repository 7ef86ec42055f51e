import type { AddressInfo } from 'node:net';
import { waitFor } from '@krakenkit/test-support';
import { type WebSocket, WebSocketServer } from 'ws';
import { BookView, levelsJson, StubBook, type StubLevel, wireNumber } from './ws-stub-book.js';
import { StubOrderBook } from './ws-stub-trading.js';

/**
 * A Kraken WebSocket v2 server on 127.0.0.1 for tests: status on connect, heartbeats while subscribed, ping/pong,
 * per-symbol subscribe/unsubscribe acks, book snapshots and diffs with Kraken's checksum (computed independently of
 * src/ws), instrument, ticker, executions, balances and trading methods. Controls let a test corrupt a checksum,
 * drop or silence connections, and script trading failures.
 */
export interface StubPair {
  symbol: string;
  pricePrecision: number;
  qtyPrecision: number;
}

export interface StubOptions {
  pairs?: StubPair[];
  /** Heartbeat period while a connection has a subscription (0: none). Default 50 ms. */
  heartbeatIntervalMs?: number;
  /** Which tokens private requests accept. Default: any token starting with `tok-`. */
  isValidToken?: (token: string) => boolean;
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
}

export interface StubConnection {
  readonly id: number;
  readonly socket: WebSocket;
  readonly books: Map<string, BookView>;
  readonly channels: Set<string>;
  readonly tokens: string[];
  silent: boolean;
  sequence: number;
  heartbeat: ReturnType<typeof setInterval> | undefined;
}

export interface Received {
  connection: number;
  raw: string;
  message: { method?: string; params?: Record<string, unknown>; req_id?: number };
}

const DEFAULT_PAIRS: StubPair[] = [
  { symbol: 'BTC/USD', pricePrecision: 1, qtyPrecision: 8 },
  { symbol: 'ETH/USD', pricePrecision: 2, qtyPrecision: 8 },
];

export class KrakenWsStub {
  readonly server: WebSocketServer;
  readonly pairs: Map<string, StubPair>;
  readonly books = new Map<string, StubBook>();
  readonly orders = new StubOrderBook();
  readonly received: Received[] = [];
  readonly connections: StubConnection[] = [];
  /** Methods whose next request gets this error instead of being handled. */
  readonly failNext = new Map<string, string>();
  /** Methods whose next request is swallowed (no response). */
  readonly ignoreNext = new Set<string>();
  /** Methods whose next N requests are handled (they take effect) but get no response: an answer lost or late. */
  readonly muteNext = new Map<string, number>();
  /** Symbols whose next book subscription is acknowledged but gets no snapshot (a withheld snapshot). */
  readonly withholdSnapshot = new Set<string>();
  #corrupt = new Map<string, number>();
  #heartbeatMs: number;
  /** Heartbeats sent on all connections so far. */
  heartbeatsSent = 0;
  #isValidToken: (token: string) => boolean;
  #nextId = 1;
  #muted = false;

  private constructor(server: WebSocketServer, options: StubOptions) {
    this.server = server;
    this.pairs = new Map((options.pairs ?? DEFAULT_PAIRS).map((pair) => [pair.symbol, pair]));
    for (const pair of this.pairs.values()) {
      this.books.set(pair.symbol, new StubBook(pair.symbol, pair.pricePrecision, pair.qtyPrecision));
    }
    this.#heartbeatMs = options.heartbeatIntervalMs ?? 50;
    this.#isValidToken = options.isValidToken ?? ((token) => token.startsWith('tok-'));
    server.on('connection', (socket) => this.#accept(socket));
  }

  static async start(options: StubOptions = {}): Promise<KrakenWsStub> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new KrakenWsStub(server, options);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/v2`;
  }

  get open(): StubConnection[] {
    return this.connections.filter((c) => c.socket.readyState === 1);
  }

  /** Requests received with this method. */
  requests(method: string): Received[] {
    return this.received.filter((r) => r.message.method === method);
  }

  setBook(symbol: string, levels: { bids?: readonly StubLevel[]; asks?: readonly StubLevel[] }): void {
    const book = this.#book(symbol);
    book.set('bids', levels.bids ?? []);
    book.set('asks', levels.asks ?? []);
  }

  /** The next `count` book messages for `symbol` carry a wrong checksum. */
  corruptChecksums(symbol: string, count = 1): void {
    this.#corrupt.set(symbol, (this.#corrupt.get(symbol) ?? 0) + count);
  }

  /** Stops corrupting `symbol`'s checksums. */
  clearCorruption(symbol: string): void {
    this.#corrupt.delete(symbol);
  }

  /** Changes the model and sends each subscriber the levels that changed in its view. */
  updateBook(symbol: string, levels: { bids?: readonly StubLevel[]; asks?: readonly StubLevel[] }): void {
    const book = this.#book(symbol);
    book.set('bids', levels.bids ?? []);
    book.set('asks', levels.asks ?? []);
    for (const connection of this.open) {
      const view = connection.books.get(symbol);
      if (view === undefined || connection.silent) continue;
      const diff = view.diff(book);
      this.#sendBook(connection, 'update', book, diff.bids, diff.asks);
    }
  }

  /** Sends raw text to every open connection (hostile frames). */
  broadcast(text: string): void {
    for (const connection of this.open) connection.socket.send(text);
  }

  pushTicker(symbol: string, last: string): void {
    const data = `[{"symbol":"${symbol}","bid":${wireNumber(last)},"ask":${wireNumber(last)},"last":${wireNumber(last)}}]`;
    for (const c of this.open)
      if (c.channels.has(`ticker|${symbol}`))
        c.socket.send(`{"channel":"ticker","type":"update","data":${data}}`);
  }

  /** Terminates every connection, as a network failure would. */
  dropAll(): void {
    for (const connection of this.open) connection.socket.terminate();
  }

  /** Current connections go quiet: no heartbeats, no answers (the client's watchdog must notice). */
  silence(): void {
    for (const connection of this.open) this.#quiet(connection);
  }

  async close(): Promise<void> {
    for (const connection of this.connections) {
      this.#quiet(connection);
      connection.socket.terminate();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #book(symbol: string): StubBook {
    const book = this.books.get(symbol);
    if (book === undefined) throw new Error(`stub has no pair ${symbol}`);
    return book;
  }

  #quiet(connection: StubConnection): void {
    connection.silent = true;
    if (connection.heartbeat !== undefined) clearInterval(connection.heartbeat);
    connection.heartbeat = undefined;
  }

  #accept(socket: WebSocket): void {
    const connection: StubConnection = {
      id: this.#nextId++,
      socket,
      books: new Map(),
      channels: new Set(),
      tokens: [],
      silent: false,
      sequence: 0,
      heartbeat: undefined,
    };
    this.connections.push(connection);
    socket.on('message', (data) => this.#onMessage(connection, data.toString()));
    socket.on('close', () => this.#quiet(connection));
    socket.on('error', () => {});
    socket.send(
      '{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":18446744073709551615,"system":"online","version":"2.0.10"}]}',
    );
  }

  #onMessage(connection: StubConnection, raw: string): void {
    if (connection.silent) return;
    let message: Received['message'];
    try {
      message = JSON.parse(raw) as Received['message'];
    } catch {
      return;
    }
    this.received.push({ connection: connection.id, raw, message });
    const method = String(message.method);
    const params = message.params ?? {};
    if (typeof params.token === 'string') connection.tokens.push(params.token);
    if (this.ignoreNext.delete(method)) return;
    const error = this.failNext.get(method);
    if (error !== undefined) {
      this.failNext.delete(method);
      this.#respond(connection, method, message.req_id, { success: false, error });
      return;
    }
    const mutes = this.muteNext.get(method) ?? 0;
    if (mutes > 0) this.muteNext.set(method, mutes - 1);
    this.#muted = mutes > 0;
    try {
      if (method === 'ping') this.#respond(connection, 'pong', message.req_id, {});
      else if (method === 'subscribe') this.#subscribe(connection, params, message.req_id);
      else if (method === 'unsubscribe') this.#unsubscribe(connection, params, message.req_id);
      else this.#trade(connection, method, params, message.req_id, raw);
    } finally {
      this.#muted = false;
    }
  }

  #respond(
    connection: StubConnection,
    method: string,
    reqId: number | undefined,
    body: Record<string, unknown>,
  ): void {
    if (this.#muted) return;
    const times = { time_in: '2026-01-01T00:00:00.000000Z', time_out: '2026-01-01T00:00:00.000100Z' };
    const reply = { method, ...(reqId === undefined ? {} : { req_id: reqId }), ...body, ...times };
    connection.socket.send(JSON.stringify(reply));
  }

  #subscribe(connection: StubConnection, params: Record<string, unknown>, reqId: number | undefined): void {
    const channel = String(params.channel);
    if (channel === 'executions' || channel === 'balances') {
      if (typeof params.token !== 'string' || !this.#isValidToken(params.token)) {
        this.#respond(connection, 'subscribe', reqId, { success: false, error: 'EAPI:Invalid key' });
        return;
      }
      connection.channels.add(channel);
      this.#respond(connection, 'subscribe', reqId, { success: true, result: { channel, snapshot: true } });
      this.#startHeartbeat(connection);
      if (channel === 'executions') this.#pushExecutions(connection, 'snapshot', []);
      else
        connection.socket.send(
          '{"channel":"balances","type":"snapshot","data":[{"asset":"USD","balance":1000.50}]}',
        );
      return;
    }
    if (channel === 'instrument') {
      connection.channels.add(channel);
      this.#respond(connection, 'subscribe', reqId, { success: true, result: { channel, snapshot: true } });
      const pairs = [...this.pairs.values()].map(
        (p) =>
          `{"symbol":"${p.symbol}","base":"X","quote":"USD","status":"online","price_precision":${p.pricePrecision},"qty_precision":${p.qtyPrecision},"price_increment":0.1,"qty_min":0.0001}`,
      );
      connection.socket.send(
        `{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[${pairs.join(',')}]}}`,
      );
      this.#startHeartbeat(connection);
      return;
    }
    for (const symbol of Array.isArray(params.symbol) ? params.symbol.map(String) : []) {
      this.#subscribeSymbol(connection, channel, symbol, params, reqId);
    }
    this.#startHeartbeat(connection);
  }

  #subscribeSymbol(
    connection: StubConnection,
    channel: string,
    symbol: string,
    params: Record<string, unknown>,
    reqId: number | undefined,
  ): void {
    const key = `${channel}|${symbol}`;
    if (!this.pairs.has(symbol)) {
      this.#respond(connection, 'subscribe', reqId, {
        success: false,
        error: `Currency pair not supported ${symbol}`,
        symbol,
      });
      return;
    }
    if (connection.channels.has(key)) {
      this.#respond(connection, 'subscribe', reqId, { success: false, error: 'Already subscribed', symbol });
      return;
    }
    connection.channels.add(key);
    const depth = typeof params.depth === 'number' ? params.depth : 10;
    this.#respond(connection, 'subscribe', reqId, {
      success: true,
      result: { channel, symbol, depth, snapshot: true },
    });
    if (channel === 'book') {
      if (this.withholdSnapshot.delete(symbol)) return;
      const view = new BookView(depth);
      connection.books.set(symbol, view);
      const book = this.#book(symbol);
      const { bids, asks } = view.snapshot(book);
      this.#sendBook(connection, 'snapshot', book, bids, asks);
    }
  }

  #unsubscribe(connection: StubConnection, params: Record<string, unknown>, reqId: number | undefined): void {
    const channel = String(params.channel);
    const symbols = Array.isArray(params.symbol) ? params.symbol.map(String) : [undefined];
    for (const symbol of symbols) {
      const key = symbol === undefined ? channel : `${channel}|${symbol}`;
      if (!connection.channels.delete(key)) {
        this.#respond(connection, 'unsubscribe', reqId, {
          success: false,
          error: 'Subscription Not Found',
          ...(symbol ? { symbol } : {}),
        });
        continue;
      }
      if (symbol !== undefined) connection.books.delete(symbol);
      this.#respond(connection, 'unsubscribe', reqId, {
        success: true,
        result: { channel, ...(symbol ? { symbol } : {}) },
      });
    }
  }

  #sendBook(
    connection: StubConnection,
    type: string,
    book: StubBook,
    bids: StubLevel[],
    asks: StubLevel[],
  ): void {
    let checksum = book.checksum();
    const corrupt = this.#corrupt.get(book.symbol) ?? 0;
    if (corrupt > 0) {
      this.#corrupt.set(book.symbol, corrupt - 1);
      checksum = (checksum ^ 0x5a5a) >>> 0;
    }
    const timestamp = type === 'update' ? ',"timestamp":"2026-01-01T00:00:00.000000Z"' : '';
    connection.socket.send(
      `{"channel":"book","type":"${type}","data":[{"symbol":"${book.symbol}","bids":${levelsJson(bids)},"asks":${levelsJson(asks)},"checksum":${checksum}${timestamp}}]}`,
    );
  }

  #startHeartbeat(connection: StubConnection): void {
    if (this.#heartbeatMs <= 0 || connection.heartbeat !== undefined || connection.silent) return;
    connection.heartbeat = setInterval(() => {
      if (connection.socket.readyState !== 1) return;
      connection.socket.send('{"channel":"heartbeat"}');
      this.heartbeatsSent += 1;
    }, this.#heartbeatMs);
  }

  #trade(
    connection: StubConnection,
    method: string,
    params: Record<string, unknown>,
    reqId: number | undefined,
    raw: string,
  ): void {
    if (typeof params.token !== 'string' || !this.#isValidToken(params.token)) {
      this.#respond(connection, method, reqId, { success: false, error: 'EAPI:Invalid key' });
      return;
    }
    const reply = this.orders.handle(method, params, raw);
    if (reply === undefined) {
      this.#respond(connection, method, reqId, { success: false, error: 'EGeneral:Unknown method' });
      return;
    }
    for (const response of reply.responses) this.#respond(connection, method, reqId, response);
    for (const c of this.open)
      if (c.channels.has('executions')) this.#pushExecutions(c, 'update', reply.executions);
  }

  #pushExecutions(connection: StubConnection, type: string, data: Array<Record<string, unknown>>): void {
    if (type === 'update' && data.length === 0) return;
    connection.sequence += 1;
    const text = JSON.stringify({ channel: 'executions', type, data, sequence: connection.sequence });
    // Kraken sends quantities as JSON numbers: unquote them, keeping their exact text.
    connection.socket.send(text.replace(/"(order_qty|limit_price)":"(-?[0-9.]+)"/g, '"$1":$2'));
  }
}

export { waitFor };
