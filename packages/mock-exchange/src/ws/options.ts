/** Options of the mock's WebSocket v2 server. */
export interface MockWsOptions {
  /** URL path served (default `/v2`, as Kraken's `wss://ws.kraken.com/v2`); other upgrade paths are refused. */
  path?: string;
  /**
   * Heartbeat period while a connection has a subscription, ms (default 1000). Kraken sends one about every second
   * in the absence of other traffic; the figure is UNCONFIRMED officially (docs/kraken/websocket-v2.md), hence configurable.
   */
  heartbeatIntervalMs?: number;
  /**
   * A connection whose unsent frames exceed this many bytes (a consumer that does not read) is terminated rather
   * than buffered without bound. Default 4 MiB.
   */
  maxBufferedBytes?: number;
  /** Largest inbound frame, bytes (default 1 MiB). */
  maxPayloadBytes?: number;
  /**
   * Error of a private subscribe or trading request whose token is missing, unknown or expired. Kraken's exact v2
   * wording is UNCONFIRMED (docs/kraken/websocket-v2.md does not quote it), hence configurable; default `EAPI:Invalid key`.
   */
  invalidTokenError?: string;
  /** `version` in the status message sent on connect (default `2.0.10`). */
  version?: string;
}

export interface ResolvedWsOptions {
  path: string;
  heartbeatIntervalMs: number;
  maxBufferedBytes: number;
  maxPayloadBytes: number;
  invalidTokenError: string;
  version: string;
}

export function resolveWsOptions(options: MockWsOptions = {}): ResolvedWsOptions {
  return {
    path: options.path ?? '/v2',
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    maxPayloadBytes: options.maxPayloadBytes ?? 1024 * 1024,
    invalidTokenError: options.invalidTokenError ?? 'EAPI:Invalid key',
    version: options.version ?? '2.0.10',
  };
}
