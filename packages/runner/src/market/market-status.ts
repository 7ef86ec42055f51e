import { intervalOfMinutes } from '../candles/intervals.js';

/**
 * Where a session's market data comes from now: the WebSocket v2 feed, or REST Ticker polling (because the config
 * asks for it, or as the fallback while the socket is down).
 */
export type MarketDataStatus =
  | {
      source: 'websocket';
      /** Epoch ms since when the socket feeds every pair. */
      since: number;
      /**
       * Subscriptions the exchange refused (or dropped), asked again with backoff while the session runs; absent
       * when there are none. A pair with a refused ticker, trade or book is priced from REST Ticker meanwhile, a
       * series with a refused ohlc from REST OHLC.
       */
      refused?: readonly RefusedSubscription[];
    }
  | {
      source: 'rest';
      /** `configured`: `run.marketData: rest`; `fallback`: the socket is down (or not up yet). */
      mode: 'configured' | 'fallback';
      /** Fallback: epoch ms since when the socket has been down (the session's start, before it first came up). */
      downSince?: number;
      /** Fallback: what took it down, when known (a closed connection, a refused subscription). */
      reason?: string;
    };

/** A channel subscription of one pair that the exchange refused, and when it is asked again. */
export interface RefusedSubscription {
  channel: 'ticker' | 'trade' | 'book' | 'ohlc';
  /** The pair's name as the session shows it (`XBT/USD`). */
  pair: string;
  /** The pair as the socket names it (`BTC/USD`). */
  symbol: string;
  /** `ohlc`: the interval in minutes. */
  interval?: number;
  /** The exchange's answer (or why the stream ended). */
  reason: string;
  /** Epoch ms of the first refusal in a row. */
  since: number;
  /** Refusals in a row. */
  attempts: number;
  /** Epoch ms of the next subscribe. */
  retryAt: number;
}

/** `market data: websocket`, `market data: REST fallback (socket down since 12:00:01 UTC: …)`. */
export function describeMarketData(status: MarketDataStatus): string {
  if (status.source === 'websocket') {
    const refused = status.refused ?? [];
    return refused.length === 0
      ? 'market data: websocket'
      : `market data: websocket; ${refused.map(describeRefusal).join('; ')}`;
  }
  if (status.mode === 'configured') return 'market data: REST (run.marketData: rest)';
  const since = status.downSince === undefined ? '' : `socket down since ${clockTime(status.downSince)}`;
  const why = status.reason === undefined ? '' : `${since === '' ? '' : ': '}${status.reason}`;
  return `market data: REST fallback${since === '' && why === '' ? '' : ` (${since}${why})`}`;
}

/** `REST for ETH/USD (ticker refused: EService:Unavailable; retry 2 at 12:00:05 UTC)`. */
function describeRefusal(refusal: RefusedSubscription): string {
  const interval = intervalOfMinutes(refusal.interval ?? 0) ?? `${refusal.interval}m`;
  const what =
    refusal.channel === 'ohlc' ? `REST OHLC for ${refusal.pair} ${interval}` : `REST for ${refusal.pair}`;
  const retry = `retry ${refusal.attempts + 1} at ${clockTime(refusal.retryAt)}`;
  return `${what} (${refusal.channel} refused: ${refusal.reason}; ${retry})`;
}

/** `12:00:01 UTC`: the wall-clock time of an epoch-ms instant (status lines run for hours, so not a duration). */
function clockTime(at: number): string {
  return `${new Date(at).toISOString().slice(11, 19)} UTC`;
}
