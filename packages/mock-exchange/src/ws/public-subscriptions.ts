import type { Pair } from '../market/pairs.js';
import { BOOK_DEPTHS, type BookDepth, BookView } from './book-view.js';
import type { WsConnection } from './connection.js';
import type { WsHub, WsRequest } from './hub.js';
import {
  candleRecords,
  instrumentData,
  OHLC_INTERVALS,
  recentTrades,
  tickerRecord,
} from './market-payloads.js';

/**
 * subscribe / unsubscribe of the public channels. Each symbol gets its own answer (as Kraken does); a symbol the
 * exchange does not list is refused with `Currency pair not supported <symbol>`, a second subscription with
 * `Already subscribed`, an unsubscribe of nothing with `Subscription Not Found`, one past the connection's
 * `maxSubscriptions` with the configured limit error. Snapshots follow the answer; a book snapshot's text is
 * shared by every subscriber of the symbol and depth (shared-books.ts).
 */

/** Kraken's v2 refusals of a subscription (UNCONFIRMED wording, as seen from the stub the client was built on). */
export const SUBSCRIBE_ERRORS = {
  unknownPair: (symbol: string) => `Currency pair not supported ${symbol}`,
  already: 'Already subscribed',
  notFound: 'Subscription Not Found',
} as const;

type Channel = 'book' | 'ticker' | 'trade' | 'ohlc';

function symbolsOf(params: WsRequest['params']): string[] {
  const value = params.symbol;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function depthOf(params: WsRequest['params']): BookDepth | undefined {
  const depth = params.depth ?? 10;
  return (BOOK_DEPTHS as readonly unknown[]).includes(depth) ? (depth as BookDepth) : undefined;
}

function intervalOf(params: WsRequest['params']): number | undefined {
  const interval = params.interval ?? 1;
  return (OHLC_INTERVALS as readonly unknown[]).includes(interval) ? (interval as number) : undefined;
}

/** Whether the connection holds this channel for the pair (the key of ohlc includes the interval). */
function has(connection: WsConnection, channel: Channel, pair: Pair, interval: number): boolean {
  if (channel === 'book') return connection.books.has(pair.id);
  if (channel === 'ticker') return connection.tickers.has(pair.id);
  if (channel === 'trade') return connection.trades.has(pair.id);
  return connection.candles.has(`${pair.id}|${interval}`);
}

function add(
  hub: WsHub,
  connection: WsConnection,
  channel: Channel,
  pair: Pair,
  symbol: string,
  options: {
    depth: BookDepth;
    interval: number;
    snapshot: boolean;
  },
): void {
  const now = hub.now();
  if (channel === 'book') {
    const view = new BookView(options.depth);
    connection.books.set(pair.id, { symbol, view });
    const shared = hub.books.get(pair, options.depth);
    view.moveTo(shared.book);
    if (options.snapshot) connection.send(shared.snapshotText(symbol));
  } else if (channel === 'ticker') {
    connection.tickers.set(pair.id, symbol);
    if (options.snapshot)
      hub.push(connection, 'ticker', 'snapshot', [{ ...tickerRecord(hub.ctx, pair, now), symbol }]);
  } else if (channel === 'trade') {
    connection.trades.set(pair.id, symbol);
    const trades = recentTrades(hub.ctx, pair).map((trade) => ({ ...trade, symbol }));
    if (options.snapshot) hub.push(connection, 'trade', 'snapshot', trades);
  } else {
    connection.candles.set(`${pair.id}|${options.interval}`, {
      symbol,
      pairId: pair.id,
      interval: options.interval,
    });
    const candles = candleRecords(hub.ctx, pair, options.interval, now, false).map((c) => ({ ...c, symbol }));
    if (options.snapshot) hub.push(connection, 'ohlc', 'snapshot', candles);
  }
}

function remove(connection: WsConnection, channel: Channel, pair: Pair, interval: number): void {
  if (channel === 'book') connection.books.delete(pair.id);
  else if (channel === 'ticker') connection.tickers.delete(pair.id);
  else if (channel === 'trade') connection.trades.delete(pair.id);
  else connection.candles.delete(`${pair.id}|${interval}`);
}

/** The result fields Kraken echoes in a subscribe answer. */
function echo(channel: Channel, symbol: string, depth: number, interval: number, snapshot: boolean) {
  return {
    channel,
    symbol,
    ...(channel === 'book' ? { depth } : {}),
    ...(channel === 'ohlc' ? { interval } : {}),
    snapshot,
  };
}

export function subscribePublic(
  hub: WsHub,
  connection: WsConnection,
  request: WsRequest,
  channel: Channel,
): void {
  const { params } = request;
  const depth = depthOf(params);
  const interval = intervalOf(params);
  const symbols = symbolsOf(params);
  if (depth === undefined || interval === undefined || symbols.length === 0) {
    const field = depth === undefined ? 'depth' : interval === undefined ? 'interval' : 'symbol';
    hub.answer(connection, request, { success: false, error: `EGeneral:Invalid arguments:${field}` });
    return;
  }
  // One answer per symbol, so a request naming more symbols than a connection may hold is refused as a whole.
  if (symbols.length > hub.options.maxSubscriptions) {
    hub.answer(connection, request, { success: false, error: hub.options.subscriptionLimitError });
    return;
  }
  const snapshot = params.snapshot !== false;
  for (const symbol of symbols) {
    if (!connection.isOpen) return;
    const pair = hub.pair(symbol);
    const refusal = pair === undefined ? undefined : hub.faults.takeRefusal(channel, pair.id);
    if (pair === undefined) {
      hub.answer(connection, request, {
        success: false,
        error: SUBSCRIBE_ERRORS.unknownPair(symbol),
        symbol,
      });
    } else if (refusal !== undefined) {
      hub.answer(connection, request, { success: false, error: refusal, symbol });
    } else if (has(connection, channel, pair, interval)) {
      hub.answer(connection, request, { success: false, error: SUBSCRIBE_ERRORS.already, symbol });
    } else if (!hub.refuseIfFull(connection, request, symbol)) {
      hub.answer(connection, request, {
        success: true,
        result: echo(channel, symbol, depth, interval, snapshot),
      });
      add(hub, connection, channel, pair, symbol, { depth, interval, snapshot });
    }
  }
}

export function unsubscribePublic(
  hub: WsHub,
  connection: WsConnection,
  request: WsRequest,
  channel: Channel,
): void {
  // Only ohlc subscriptions are told apart by interval.
  const interval = channel === 'ohlc' ? intervalOf(request.params) : 1;
  const symbols = symbolsOf(request.params);
  // Every request is answered: one naming no symbol (or too many) gets an error, not silence. An interval
  // Kraken does not offer is refused rather than read as the default, which would drop the 1-minute candles.
  if (interval === undefined || symbols.length === 0 || symbols.length > hub.options.maxSubscriptions) {
    const field = interval === undefined ? 'interval' : 'symbol';
    hub.answer(connection, request, { success: false, error: `EGeneral:Invalid arguments:${field}` });
    return;
  }
  for (const symbol of symbols) {
    if (!connection.isOpen) return;
    const pair = hub.pair(symbol);
    if (pair === undefined || !has(connection, channel, pair, interval)) {
      hub.answer(connection, request, { success: false, error: SUBSCRIBE_ERRORS.notFound, symbol });
      continue;
    }
    remove(connection, channel, pair, interval);
    hub.answer(connection, request, { success: true, result: { channel, symbol } });
  }
}

export function subscribeInstrument(hub: WsHub, connection: WsConnection, request: WsRequest): void {
  if (connection.instrument) {
    hub.answer(connection, request, { success: false, error: SUBSCRIBE_ERRORS.already });
    return;
  }
  if (hub.refuseIfFull(connection, request)) return;
  connection.instrument = true;
  const snapshot = request.params.snapshot !== false;
  hub.answer(connection, request, { success: true, result: { channel: 'instrument', snapshot } });
  if (snapshot) hub.push(connection, 'instrument', 'snapshot', instrumentData(hub.ctx));
}

export function unsubscribeInstrument(hub: WsHub, connection: WsConnection, request: WsRequest): void {
  const was = connection.instrument;
  connection.instrument = false;
  hub.answer(
    connection,
    request,
    was
      ? { success: true, result: { channel: 'instrument' } }
      : { success: false, error: SUBSCRIBE_ERRORS.notFound },
  );
}
