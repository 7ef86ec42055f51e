/** Options of the mock's WebSocket v2 server. */
export interface MockWsOptions {
  /** URL path served (default `/v2`, as Kraken's `wss://ws.kraken.com/v2`); other upgrade paths are refused. */
  path?: string;
  /**
   * Heartbeat period while a connection has a subscription, ms (default 1000). Kraken sends one about every second
   * in the absence of other traffic; its docs give no exact period (docs/kraken/websocket-v2.md), hence configurable.
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
   * Most subscriptions one connection may hold: each symbol of book, ticker and trade counts one, ohlc one per
   * symbol and interval, instrument, executions and balances one each. Kraken publishes no number
   * (docs/kraken/rate-limits.md): a conservative setting, default 200. A subscribe past it, or one naming more
   * symbols than this in one request, is refused with `subscriptionLimitError`.
   */
  maxSubscriptions?: number;
  /**
   * Inbound messages per second one connection may sustain (a bucket of `messageBurst` refilled at this
   * rate). Kraken's Spot WebSocket limit is not published (load dependent, per third parties;
   * docs/kraken/rate-limits.md): a conservative setting, default 100. A message counts one, plus one for every
   * further 64 KiB it carries, so large frames cannot buy unbounded parsing. A message over the rate is not
   * processed and is answered with `rateLimitError`.
   */
  maxMessagesPerSecond?: number;
  /** Messages a connection may send at once before the rate applies; a setting, default 200. */
  messageBurst?: number;
  /**
   * A connection that keeps sending while refused is closed (code 1008) after this many refusals in a row, so a
   * flood costs the server a bounded amount of work. A setting (Kraken's behaviour is UNCONFIRMED), default 200.
   */
  closeAfterRefusedMessages?: number;
  /**
   * Error of a message over the rate. UNCONFIRMED wording (reported by third parties as Kraken's Spot WebSocket
   * rate error; docs/kraken/websocket-v2.md), hence configurable; default `Exceeded msg rate`.
   */
  rateLimitError?: string;
  /** Error of a subscribe past `maxSubscriptions`. Kraken's wording is UNCONFIRMED; default `Exceeded max subscriptions`. */
  subscriptionLimitError?: string;
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
  maxSubscriptions: number;
  maxMessagesPerSecond: number;
  messageBurst: number;
  closeAfterRefusedMessages: number;
  rateLimitError: string;
  subscriptionLimitError: string;
  invalidTokenError: string;
  version: string;
}

export function resolveWsOptions(options: MockWsOptions = {}): ResolvedWsOptions {
  return {
    path: options.path ?? '/v2',
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    maxPayloadBytes: options.maxPayloadBytes ?? 1024 * 1024,
    maxSubscriptions: options.maxSubscriptions ?? 200,
    maxMessagesPerSecond: options.maxMessagesPerSecond ?? 100,
    messageBurst: options.messageBurst ?? 200,
    closeAfterRefusedMessages: options.closeAfterRefusedMessages ?? 200,
    rateLimitError: options.rateLimitError ?? 'Exceeded msg rate',
    subscriptionLimitError: options.subscriptionLimitError ?? 'Exceeded max subscriptions',
    invalidTokenError: options.invalidTokenError ?? 'EAPI:Invalid key',
    version: options.version ?? '2.0.10',
  };
}
