/**
 * Where a session's market data comes from now: the WebSocket v2 feed, or REST Ticker polling (because the config
 * asks for it, or as the fallback while the socket is down).
 */
export type MarketDataStatus =
  | {
      source: 'websocket';
      /** Epoch ms since when the socket feeds every pair. */
      since: number;
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

/** `market data: websocket`, `market data: REST fallback (socket down since 12:00:01 UTC: …)`. */
export function describeMarketData(status: MarketDataStatus): string {
  if (status.source === 'websocket') return 'market data: websocket';
  if (status.mode === 'configured') return 'market data: REST (run.marketData: rest)';
  const since = status.downSince === undefined ? '' : `socket down since ${clockTime(status.downSince)}`;
  const why = status.reason === undefined ? '' : `${since === '' ? '' : ': '}${status.reason}`;
  return `market data: REST fallback${since === '' && why === '' ? '' : ` (${since}${why})`}`;
}

/** `12:00:01 UTC`: the wall-clock time of an epoch-ms instant (status lines run for hours, so not a duration). */
function clockTime(at: number): string {
  return `${new Date(at).toISOString().slice(11, 19)} UTC`;
}
