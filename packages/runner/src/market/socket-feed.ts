import { setMaxListeners } from 'node:events';
import type { OhlcInterval } from '@krakenkit/client';
import {
  type BackoffOptions,
  type BookLevel,
  BookUnavailableError,
  createWsClient,
  type EventOf,
  type SubscribeRequest,
  type WsCandle,
  type WsClient,
} from '@krakenkit/client/ws';
import { Decimal } from '@krakenkit/core';
import type { Logger } from 'pino';
import type { MarketDepth } from '../strategies/types.js';
import { keepSubscribed } from './kept-subscription.js';
import type { MarketDataStatus, RefusedSubscription } from './market-status.js';
import { type QuotedPrices, SocketQuotes } from './socket-quotes.js';

/** A pair as the socket names it: its AssetPairs id and its WebSocket v2 symbol (`BTC/USD`). */
export interface SocketPair {
  id: string;
  symbol: string;
  /** The name the session shows (`XBT/USD`); default the symbol. */
  name?: string;
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
  /**
   * The feed went live, or down, or a subscription was refused or accepted again (once per change, not on every
   * reconnect attempt or retry).
   */
  onStatus: (status: MarketDataStatus) => void;
  /** A subscription the exchange refused or that failed (reported once per run of refusals). */
  onWarning: (message: string) => void;
  now: () => number;
  logger?: Logger;
  /** Reconnect backoff of the socket (default: the client's, 500 ms doubling to 30 s). */
  reconnect?: BackoffOptions;
  /** Backoff of a refused subscription's retries (default RESUBSCRIBE_BACKOFF: 1 s doubling to 60 s). */
  resubscribe?: BackoffOptions;
}

/** The book depth the feed subscribes: the levels strategies can read. */
export const BOOK_DEPTH = 10;

type Channel = RefusedSubscription['channel'];

/**
 * The market data of a session over one WebSocket v2 connection: ticker of every pair (traded and priced), trades
 * and a checksum-verified book (depth 10) of the traded ones, ohlc of the intervals strategies read, each pair's
 * channel its own subscription. The client reconnects with backoff and resubscribes by itself; this follows
 * whether the feed is live: from the moment every pair has had a ticker on the current connection until that
 * connection drops. Until then (and while it is down) the session polls REST instead. A subscription the exchange
 * refuses is asked again with backoff for as long as the feed runs; meanwhile its pair is priced from REST
 * (`feeds(pair)` is false) or its candles come from REST OHLC (`candlesRefused`), and the status lists it.
 */
export class SocketFeed {
  readonly #options: SocketFeedOptions;
  readonly #ws: WsClient;
  readonly #quotes: SocketQuotes;
  readonly #ids = new Map<string, string>();
  readonly #names = new Map<string, string>();
  readonly #stop = new AbortController();
  readonly #waiters = new Set<() => void>();
  /** Refused subscriptions by `channel|symbol|interval`. */
  readonly #refused = new Map<string, RefusedSubscription>();
  #status: MarketDataStatus;
  #closed = false;

  constructor(options: SocketFeedOptions) {
    this.#options = options;
    const pairs = [...options.traded, ...options.priced, ...[...options.candles.values()].flat()];
    for (const pair of pairs) this.#learn(pair);
    // One abort listener per kept subscription (bounded by the pairs and intervals followed).
    setMaxListeners(0, this.#stop.signal);
    this.#quotes = new SocketQuotes([...options.traded, ...options.priced].map((p) => p.id));
    this.#status = { source: 'rest', mode: 'fallback', downSince: options.now(), reason: 'connecting' };
    this.#ws = createWsClient({
      url: options.url,
      now: options.now,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
    });
  }

  /** Where the session's prices come from now, with the subscriptions refused while the socket is live. */
  get status(): MarketDataStatus {
    const status = this.#status;
    if (status.source !== 'websocket' || this.#refused.size === 0) return status;
    return { ...status, refused: [...this.#refused.values()].map((refusal) => ({ ...refusal })) };
  }

  /** Every pair whose ticker is not refused has a ticker from the open connection. */
  get live(): boolean {
    return this.#status.source === 'websocket';
  }

  /** The socket prices the pair now: it is live, the pair has a fresh ticker, and none of its channels is refused. */
  feeds(pair: SocketPair): boolean {
    if (!this.live || !this.#quotes.fresh(pair.id)) return false;
    for (const channel of ['ticker', 'trade', 'book'] as const)
      if (this.#refused.has(keyOf(channel, pair.symbol))) return false;
    return true;
  }

  /** The exchange refuses the pair's `ohlc` subscription of `interval` (its candles come from REST meanwhile). */
  candlesRefused(pair: SocketPair, interval: OhlcInterval): boolean {
    return this.#refused.has(keyOf('ohlc', pair.symbol, interval));
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
    const tradedSymbols = new Set(traded.map((pair) => pair.symbol));
    for (const symbol of new Set([...tradedSymbols, ...priced.map((pair) => pair.symbol)]))
      this.#keep('ticker', symbol, undefined, { channel: 'ticker', symbol: [symbol] }, (event) => {
        for (const entry of event.data) this.#ticker(this.#idOf(entry.symbol), entry);
      });
    for (const symbol of tradedSymbols) {
      this.#keep(
        'trade',
        symbol,
        undefined,
        { channel: 'trade', symbol: [symbol], snapshot: false },
        (event) => {
          for (const entry of event.data) this.#quotes.trade(this.#idOf(entry.symbol), entry);
        },
      );
      // Read when a tick is made (book()): the stream only keeps the book verified.
      this.#keep(
        'book',
        symbol,
        undefined,
        { channel: 'book', symbol: [symbol], depth: BOOK_DEPTH },
        () => undefined,
      );
    }
    for (const [interval, pairs] of candles) this.followCandles(interval, pairs);
  }

  /** Subscribes the `ohlc` channel of `interval` for `pairs` (also after start: a series first read later). */
  followCandles(interval: OhlcInterval, pairs: readonly SocketPair[]): void {
    if (this.#closed) return;
    for (const pair of pairs) {
      this.#learn(pair);
      const request = { channel: 'ohlc', symbol: [pair.symbol], interval } as const;
      this.#keep('ohlc', pair.symbol, interval, request, (event) => {
        for (const entry of event.data) this.#options.onCandle(this.#idOf(entry.symbol), entry);
      });
    }
  }

  /**
   * The pair's prices from the socket: the touch of its verified book when the book is valid (else the ticker's
   * bid and ask), the last trade's price (else the ticker's last), and the book's levels when it is valid.
   * Undefined before its first ticker.
   */
  prices(pair: SocketPair): (QuotedPrices & { book?: MarketDepth }) | undefined {
    const levels = this.#levels(pair.symbol);
    const bid = levels?.bids[0]?.price;
    const ask = levels?.asks[0]?.price;
    const touch = bid === undefined || ask === undefined ? undefined : { bid, ask };
    const prices = this.#quotes.prices(pair.id, touch);
    if (prices === undefined || touch === undefined || levels === undefined) return prices;
    return { ...prices, book: depthOf(levels) };
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

  /** Ends every subscription, its retries and the connection; no status change is reported after. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stop.abort();
    for (const wake of [...this.#waiters]) wake();
    await this.#ws.close();
  }

  #keep<R extends SubscribeRequest>(
    channel: Channel,
    symbol: string,
    interval: OhlcInterval | undefined,
    request: R,
    take: (event: EventOf<R>) => void,
  ): void {
    const key = keyOf(channel, symbol, interval);
    keepSubscribed(this.#ws, request, take, {
      signal: this.#stop.signal,
      ...(this.#options.resubscribe === undefined ? {} : { backoff: this.#options.resubscribe }),
      refused: (reason, attempts, retryInMs) => {
        if (this.#closed) return;
        const now = this.#options.now();
        const earlier = this.#refused.get(key);
        const pair = this.#names.get(symbol) ?? symbol;
        const refusal: RefusedSubscription = {
          channel,
          pair,
          symbol,
          ...(interval === undefined ? {} : { interval }),
          reason,
          since: earlier?.since ?? now,
          attempts,
          retryAt: now + retryInMs,
        };
        this.#refused.set(key, refusal);
        if (earlier !== undefined) return;
        const what = channel === 'ohlc' ? `${pair} candles (${interval} min)` : pair;
        this.#options.onWarning(
          `WebSocket ${channel} subscription of ${pair} refused: ${reason}; REST for ${what} until it is accepted (asked again in ${Math.ceil(retryInMs / 1000)} s, then with backoff)`,
        );
        if (this.live) this.#options.onStatus(this.status);
        else if (channel === 'ticker') {
          this.#down(`ticker of ${pair} refused: ${reason}`);
          this.#checkLive();
        }
      },
      recovered: () => {
        if (this.#closed || !this.#refused.delete(key)) return;
        if (this.live) this.#options.onStatus(this.status);
      },
    });
  }

  #ticker(id: string, entry: Parameters<SocketQuotes['ticker']>[1]): void {
    this.#quotes.ticker(id, entry);
    this.#checkLive();
  }

  #checkLive(): void {
    if (this.live || this.#closed) return;
    if (this.#quotes.complete((id) => this.#tickerRefused(id))) this.#up();
  }

  #tickerRefused(id: string): boolean {
    for (const refusal of this.#refused.values())
      if (refusal.channel === 'ticker' && this.#idOf(refusal.symbol) === id) return true;
    return false;
  }

  // The verified book's levels (text as sent), or undefined while it is not valid.
  #levels(symbol: string): { bids: BookLevel[]; asks: BookLevel[] } | undefined {
    if (this.#ws.bookState(symbol) !== 'valid') return undefined;
    try {
      return this.#ws.book(symbol, BOOK_DEPTH);
    } catch (error) {
      if (error instanceof BookUnavailableError) return undefined;
      throw error;
    }
  }

  #learn(pair: SocketPair): void {
    this.#ids.set(pair.symbol, pair.id);
    this.#names.set(pair.symbol, pair.name ?? pair.symbol);
  }

  #idOf(symbol: string): string {
    return this.#ids.get(symbol) ?? symbol;
  }

  #up(): void {
    if (this.#closed) return;
    this.#status = { source: 'websocket', since: this.#options.now() };
    this.#options.onStatus(this.status);
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

function keyOf(channel: Channel, symbol: string, interval?: number): string {
  return `${channel}|${symbol}|${interval ?? ''}`;
}

/** Book levels as sent (decimal text) made Decimals, best first. */
function depthOf(levels: { bids: readonly BookLevel[]; asks: readonly BookLevel[] }): MarketDepth {
  const level = ({ price, qty }: BookLevel) => ({ price: new Decimal(price), volume: new Decimal(qty) });
  return { bids: levels.bids.map(level), asks: levels.asks.map(level) };
}
