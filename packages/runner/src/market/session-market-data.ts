import type { OhlcInterval } from '@krakenkit/client';
import type { Logger } from 'pino';
import type { CandleBook } from '../candles/candle-book.js';
import { CANDLE_INTERVALS, type CandleInterval } from '../candles/intervals.js';
import type { BotConfig } from '../config/load.js';
import type { Connection } from '../engine/connect.js';
import { MarketFeed } from '../engine/market-feed.js';
import type { SessionEvents } from '../engine/session-events.js';
import { wsV2Symbol } from '../record/recorder.js';
import type { MarketTick, PairInfo } from '../strategies/types.js';
import { declareBotCandles } from './candle-needs.js';
import { type FollowedSeries, LiveCandles } from './live-candles.js';
import type { MarketDataStatus } from './market-status.js';
import { marketWsUrl } from './market-ws-url.js';
import { SocketFeed, type SocketPair } from './socket-feed.js';

/** What a session needs to build its market data. */
export interface MarketDataParts {
  config: BotConfig;
  connection: Connection;
  /** Every pair the bots trade, once. */
  pairs: readonly PairInfo[];
  /** The session's candles (strategies read them through their view). */
  book: CandleBook;
  events: SessionEvents;
  now: () => number;
  logger?: Logger;
}

// How long start-up waits for the socket before the first tick is taken from REST instead.
const START_WAIT_MS = 5_000;

/**
 * A session's market data: one tick per traded pair per cycle, the guard's reference and USD prices kept current,
 * and the candle series strategies read. With `run.marketData: websocket` (the default) prices come from the
 * WebSocket v2 feed (see SocketFeed) and REST Ticker is polled only while the socket is down or not up yet, or for
 * the pairs whose subscriptions the exchange refuses; with `rest` every cycle polls REST Ticker. Candles: history
 * from REST OHLC at start, then the socket's `ohlc` updates, or REST OHLC once per interval while the socket does
 * not feed them. Each change of source (and each refusal or acceptance of a subscription) is a `market-data`
 * session event; `status()` says which source is in use.
 */
export class SessionMarketData {
  readonly #rest: MarketFeed;
  readonly #socket: SocketFeed | undefined;
  readonly #candles: LiveCandles;
  readonly #parts: MarketDataParts;
  readonly #traded: ReadonlyArray<{ info: PairInfo; socket: SocketPair }>;
  readonly #priced: ReadonlyArray<{ asset: string; socket: SocketPair }>;
  readonly #socketPairs: ReadonlyMap<string, SocketPair>;

  constructor(parts: MarketDataParts) {
    this.#parts = parts;
    const { config, connection, pairs, book, now } = parts;
    const client = [...connection.clients.values()][0];
    if (client === undefined) throw new Error('no client: the config declares no bot with a key');
    this.#rest = new MarketFeed(client, connection.guard, pairs, now, connection.usdPairs);
    this.#candles = new LiveCandles(book, client, now, (message) => this.#warn(message));
    declareBotCandles(config, connection.botPairs, book, this.#candles);
    this.#traded = pairs.map((info) => ({ info, socket: socketPair(info) }));
    this.#priced = [...connection.usdPairs].flatMap(([id, asset]) => {
      const info = connection.pairs.get(id);
      return info === undefined ? [] : [{ asset, socket: socketPair(info) }];
    });
    this.#socketPairs = new Map(
      [...connection.pairs.all()].map((info) => [info.id, socketPair(info)] as const),
    );
    this.#socket = config.run.marketData === 'websocket' ? this.#socketFeed() : undefined;
  }

  /** Which source feeds the session now. */
  status(): MarketDataStatus {
    return this.#socket?.status ?? { source: 'rest', mode: 'configured' };
  }

  /**
   * Before the first tick: the socket connects and subscribes while each candle series' history is read from
   * REST OHLC; then the socket gets a few seconds to price every pair (a stop asked for meanwhile ends the wait).
   */
  async open(signal?: AbortSignal): Promise<void> {
    this.#socket?.start();
    await this.#candles.loadHistory(this.#candles.followed, signal);
    if (this.#socket === undefined) {
      this.#emit(this.status());
      return;
    }
    const live = await this.#socket.whenLive(START_WAIT_MS, signal);
    if (!live && !signal?.aborted) this.#emit(this.#socket.status);
  }

  /** This cycle's ticks, one per traded pair, from the socket while it is live, else from REST Ticker. */
  async poll(): Promise<MarketTick[]> {
    await this.#followNewSeries();
    const socket = this.#socket;
    let ticks: MarketTick[];
    if (socket?.live) {
      const { ticks: fed, unfed } = this.#fromSocket(socket);
      // Pairs whose subscriptions the exchange refuses: REST Ticker for them alone until it accepts them again.
      ticks = unfed.size === 0 ? fed : [...fed, ...(await this.#rest.poll(unfed))];
      await this.#candles.refresh((pair, interval) =>
        socket.candlesRefused(this.#socketPairOf(pair), minutesOf(interval)),
      );
    } else {
      ticks = await this.#rest.poll();
      await this.#candles.refresh();
    }
    this.#candles.closeUntil(this.#parts.now());
    return ticks;
  }

  /** Closes the socket (the REST client belongs to the connection). */
  async close(): Promise<void> {
    await this.#socket?.close();
  }

  #socketFeed(): SocketFeed {
    const { config, connection, now, logger } = this.#parts;
    return new SocketFeed({
      url: marketWsUrl(config.exchange, connection.mock?.wsUrl),
      traded: this.#traded.map((pair) => pair.socket),
      priced: this.#priced.map((pair) => pair.socket),
      candles: this.#byInterval(this.#candles.followed),
      onCandle: (pair, candle) => this.#candles.socketCandle(pair, candle),
      onStatus: (status) => this.#emit(status),
      onWarning: (message) => this.#warn(message),
      now,
      ...(logger === undefined ? {} : { logger }),
    });
  }

  /** The ticks of the pairs the socket feeds now, and the ids of the pairs (traded or priced) it does not. */
  #fromSocket(socket: SocketFeed): { ticks: MarketTick[]; unfed: Set<string> } {
    const { guard } = this.#parts.connection;
    const at = this.#parts.now();
    const unfed = new Set<string>();
    for (const { asset, socket: pair } of this.#priced) {
      const prices = socket.feeds(pair) ? socket.prices(pair) : undefined;
      if (prices === undefined) unfed.add(pair.id);
      else guard.setUsdPrice(asset, prices.bid.plus(prices.ask).div(2), at);
    }
    const ticks: MarketTick[] = [];
    for (const { info, socket: pair } of this.#traded) {
      const prices = socket.feeds(pair) ? socket.prices(pair) : undefined;
      if (prices === undefined) {
        unfed.add(info.id);
        continue;
      }
      const { bid, ask, last, book } = prices;
      guard.setReferencePrice(info.id, { bid, ask }, at);
      const tick: MarketTick = { pair: info, bid, ask, mid: bid.plus(ask).div(2), last, at };
      if (book !== undefined) tick.book = book;
      ticks.push(tick);
    }
    return { ticks, unfed };
  }

  // A series a strategy read without declaring it: its history, then its socket candles, from now on.
  async #followNewSeries(): Promise<void> {
    const found = this.#candles.discover();
    if (found.length === 0) return;
    await this.#candles.loadHistory(found);
    for (const [interval, pairs] of this.#byInterval(found)) this.#socket?.followCandles(interval, pairs);
  }

  #byInterval(series: readonly FollowedSeries[]): Map<OhlcInterval, SocketPair[]> {
    const byInterval = new Map<OhlcInterval, SocketPair[]>();
    for (const { pair, interval } of series) {
      const minutes = minutesOf(interval);
      const list = byInterval.get(minutes) ?? [];
      list.push(this.#socketPairOf(pair));
      byInterval.set(minutes, list);
    }
    return byInterval;
  }

  #socketPairOf(id: string): SocketPair {
    return this.#socketPairs.get(id) ?? { id, symbol: id };
  }

  #emit(status: MarketDataStatus): void {
    this.#parts.events.emit({ type: 'market-data', at: this.#parts.now(), status });
  }

  #warn(message: string): void {
    this.#parts.events.emit({ type: 'warning', at: this.#parts.now(), message });
  }
}

function minutesOf(interval: CandleInterval): OhlcInterval {
  return CANDLE_INTERVALS[interval];
}

/** A pair as the socket names it (`BTC/USD`), with the name the session shows (`XBT/USD`). */
function socketPair(info: PairInfo): SocketPair {
  return { id: info.id, symbol: wsV2Symbol(info.wsname), name: info.wsname };
}
