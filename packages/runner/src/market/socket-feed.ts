import type { OhlcInterval } from '@krakenkit/client';
import {
  type BackoffOptions,
  BookUnavailableError,
  createWsClient,
  type EventOf,
  type SubscribeRequest,
  type WsCandle,
  type WsClient,
} from '@krakenkit/client/ws';
import type { Logger } from 'pino';
import type { MarketDataStatus } from './market-status.js';
import { type QuotedPrices, SocketQuotes } from './socket-quotes.js';

/** A pair as the socket names it: its AssetPairs id and its WebSocket v2 symbol (`BTC/USD`). */
export interface SocketPair {
  id: string;
  symbol: string;
}

/** What a {@link SocketFeed} subscribes to, and whom it tells. */
export interface SocketFeedOptions {
  /** The WebSocket v2 endpoint (Kraken's, or the mock exchange's). */
  url: string;
  /** Pairs the bots trade: ticker, trades and the verified book. */
  traded: readonly SocketPair[];
  /** Pairs read only for USD prices (equity, PnL): ticker. */
  priced: readonly SocketPair[];
  /** `ohlc` subscriptions: interval (minutes) → its pairs. */
  candles: ReadonlyMap<OhlcInterval, readonly SocketPair[]>;
  /** A candle update (the one forming, or one just closed) of a pair. */
  onCandle: (pairId: string, candle: WsCandle) => void;
  /** The feed went live, or down (not on every reconnect attempt: once per change). */
  onStatus: (status: MarketDataStatus) => void;
  /** A subscription the exchange refused or that failed (reported once). */
  onWarning: (message: string) => void;
  now: () => number;
  logger?: Logger;
  /** Reconnect backoff of the socket (default: the client's, 500 ms doubling to 30 s). */
  reconnect?: BackoffOptions;
}

const BOOK_DEPTH = 10;

/**
 * The market data of a session over one WebSocket v2 connection: ticker of every pair (traded and priced), trades
 * and a checksum-verified book (depth 10) of the traded ones, ohlc of the intervals strategies read. The client
 * reconnects with backoff and resubscribes by itself; this follows whether the feed is live: from the moment every
 * pair has had a ticker on the current connection until that connection drops. Until then (and while it is down)
 * the session polls REST instead.
 */
export class SocketFeed {
  readonly #options: SocketFeedOptions;
  readonly #ws: WsClient;
  readonly #quotes: SocketQuotes;
  readonly #ids = new Map<string, string>();
  readonly #stop = new AbortController();
  readonly #waiters = new Set<() => void>();
  #status: MarketDataStatus;
  #tickerFailed: string | undefined;
  #closed = false;

  constructor(options: SocketFeedOptions) {
    this.#options = options;
    const pairs = [...options.traded, ...options.priced, ...[...options.candles.values()].flat()];
    for (const pair of pairs) this.#ids.set(pair.symbol, pair.id);
    this.#quotes = new SocketQuotes(new Set([...options.traded, ...options.priced].map((p) => p.id)).size);
    this.#status = { source: 'rest', mode: 'fallback', downSince: options.now(), reason: 'connecting' };
    this.#ws = createWsClient({
      url: options.url,
      now: options.now,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
    });
  }

  /** Where the session's prices come from now. */
  get status(): MarketDataStatus {
    return this.#status;
  }

  /** Every pair has a ticker from the open connection. */
  get live(): boolean {
    return this.#status.source === 'websocket';
  }

  /** Connects and subscribes (the consumers run until close()). */
  start(): void {
    const ws = this.#ws;
    ws.on('open', ({ endpoint }) => {
      if (endpoint === 'public') this.#quotes.reopened();
    });
    // Every failed attempt while down is a `disconnected` too: the status keeps the latest reason.
    ws.on('disconnected', ({ endpoint, code, reason }) => {
      if (endpoint === 'public')
        this.#down(`connection closed (${code}${reason === '' ? '' : ` ${reason}`})`);
    });
    ws.on('closed', ({ endpoint, reason }) => {
      if (endpoint === 'public') this.#down(`connection ended (${reason})`);
    });
    const { traded, priced, candles } = this.#options;
    const tradedSymbols = traded.map((pair) => pair.symbol);
    const tickerSymbols = [...new Set([...tradedSymbols, ...priced.map((pair) => pair.symbol)])];
    if (tickerSymbols.length > 0)
      this.#follow({ channel: 'ticker', symbol: tickerSymbols }, (event) => {
        for (const entry of event.data) this.#ticker(this.#idOf(entry.symbol), entry);
      });
    if (tradedSymbols.length > 0) {
      this.#follow({ channel: 'trade', symbol: tradedSymbols, snapshot: false }, (event) => {
        for (const entry of event.data) this.#quotes.trade(this.#idOf(entry.symbol), entry);
      });
      // Read when a tick is made (book()): the stream only keeps the book verified.
      this.#follow({ channel: 'book', symbol: tradedSymbols, depth: BOOK_DEPTH }, () => undefined);
    }
    for (const [interval, pairs] of candles) this.followCandles(interval, pairs);
  }

  /** Subscribes the `ohlc` channel of `interval` for `pairs` (also after start: a series first read later). */
  followCandles(interval: OhlcInterval, pairs: readonly SocketPair[]): void {
    if (pairs.length === 0 || this.#closed) return;
    for (const pair of pairs) this.#ids.set(pair.symbol, pair.id);
    this.#follow({ channel: 'ohlc', symbol: pairs.map((pair) => pair.symbol), interval }, (event) => {
      for (const entry of event.data) this.#options.onCandle(this.#idOf(entry.symbol), entry);
    });
  }

  /**
   * The pair's prices from the socket: the touch of its verified book when the book is valid (else the ticker's
   * bid and ask), the last trade's price (else the ticker's last). Undefined before its first ticker.
   */
  prices(pair: SocketPair): QuotedPrices | undefined {
    return this.#quotes.prices(pair.id, this.#touch(pair.symbol));
  }

  /** Resolves true once the feed is live, or false when `ms` pass or `signal` aborts first. */
  whenLive(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (this.live) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (live: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#waiters.delete(onLive);
        resolve(live);
      };
      const onLive = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      this.#waiters.add(onLive);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Ends every subscription and the connection; no status change is reported after. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stop.abort();
    for (const wake of [...this.#waiters]) wake();
    await this.#ws.close();
  }

  #follow<R extends SubscribeRequest>(request: R, take: (event: EventOf<R>) => void): void {
    void (async () => {
      try {
        for await (const event of this.#ws.subscribe(request, { signal: this.#stop.signal })) take(event);
      } catch (error) {
        if (this.#closed) return;
        const message = `WebSocket ${request.channel} subscription failed: ${error instanceof Error ? error.message : String(error)}`;
        this.#options.onWarning(message);
        // Without tickers the socket cannot price every pair: REST stays the source for the rest of the session.
        if (request.channel === 'ticker') {
          this.#tickerFailed = message;
          this.#down(message);
        }
      }
    })();
  }

  #ticker(id: string, entry: Parameters<SocketQuotes['ticker']>[1]): void {
    if (this.#quotes.ticker(id, entry) && !this.live && this.#tickerFailed === undefined) this.#up();
  }

  #touch(symbol: string): { bid: string; ask: string } | undefined {
    if (this.#ws.bookState(symbol) !== 'valid') return undefined;
    try {
      const { bids, asks } = this.#ws.book(symbol, 1);
      const bid = bids[0]?.price;
      const ask = asks[0]?.price;
      return bid === undefined || ask === undefined ? undefined : { bid, ask };
    } catch (error) {
      if (error instanceof BookUnavailableError) return undefined;
      throw error;
    }
  }

  #idOf(symbol: string): string {
    return this.#ids.get(symbol) ?? symbol;
  }

  #up(): void {
    if (this.#closed) return;
    this.#status = { source: 'websocket', since: this.#options.now() };
    this.#options.onStatus(this.#status);
    for (const wake of [...this.#waiters]) wake();
  }

  #down(reason: string): void {
    if (this.#closed) return;
    const status = this.#status;
    if (status.source === 'rest') {
      // Still down: the reason is news, the time it went down is not.
      this.#status = { ...status, reason };
      return;
    }
    this.#status = { source: 'rest', mode: 'fallback', downSince: this.#options.now(), reason };
    this.#options.onStatus(this.#status);
  }
}
