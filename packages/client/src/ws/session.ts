import { KRAKENKIT_CODES } from '@krakenkit/core';
import type { Logger } from 'pino';
import { TransportError } from '../errors/index.js';
import { type ConnectionConfig, type OpenWaitEnd, WsConnection } from './connection.js';
import type { TypedEmitter } from './emitter.js';
import { encodeRequest } from './encode.js';
import type { WsEndpoint, WsEventMap } from './events.js';
import type { ChannelMessage, MethodResponse } from './messages.js';
import { parseFrame } from './parse-frame.js';
import { type RequestEnd, RequestTracker } from './requests.js';
import { TokenCache } from './token.js';

export interface SessionConfig extends ConnectionConfig {
  requestTimeoutMs: number;
  /** How long a request waits for the socket to (re)open before failing as not sent. */
  openTimeoutMs: number;
  getToken?: () => Promise<string>;
  tokenMaxAgeMs: number;
  logger?: Logger;
}

export interface SessionHooks {
  channel(message: ChannelMessage): void;
  /** The socket (re)opened; `epoch` counts opens, so subscriptions know which socket they were sent on. */
  opened(epoch: number, reconnect: boolean): void;
  dropped(reason: string): void;
  /** Whether a private subscription is live on this socket (it keeps the token valid). */
  keepsTokenAlive(): boolean;
}

export interface RequestOptions {
  /** Responses to wait for (default 1). */
  expected?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Put the WebSocket token into params (private subscriptions and trading). */
  auth?: boolean;
  /** A response after which to stop waiting even if fewer than `expected` came (e.g. a whole-request error). */
  isFinal?: (response: MethodResponse) => boolean;
}

const errorCodes: Record<RequestEnd | OpenWaitEnd, string> = {
  timeout: KRAKENKIT_CODES.WS_TIMEOUT,
  disconnected: KRAKENKIT_CODES.WS_DISCONNECTED,
  closed: KRAKENKIT_CODES.WS_CLOSED,
  aborted: KRAKENKIT_CODES.WS_ABORTED,
};

/** The error a request ends with when no answer came: `unknown` outcome once the frame was written. */
export function requestError(
  method: string,
  end: RequestEnd | OpenWaitEnd,
  sent: boolean,
  ms: number,
): Error {
  const what: Record<RequestEnd | OpenWaitEnd, string> = {
    timeout: sent ? `no response within ${ms} ms` : `connection not open within ${ms} ms`,
    disconnected: 'connection lost before the response',
    closed: 'client closed',
    aborted: 'aborted',
  };
  const effect = sent ? '; it may have taken effect: check before repeating it' : '; nothing was sent';
  return new TransportError(`ws:${method}: ${what[end]}${effect}`, {
    endpoint: `ws:${method}`,
    outcome: sent ? 'unknown' : 'not-sent',
    code: errorCodes[end],
  });
}

/**
 * One Kraken endpoint (public or private): its connection, request/response matching by req_id, frame parsing and
 * dispatch, and (private) the token. Channel data goes to the client through `hooks.channel`.
 */
export class WsSession {
  readonly endpoint: WsEndpoint;
  readonly connection: WsConnection;
  readonly tokens: TokenCache;
  readonly #tracker: RequestTracker;
  readonly #config: SessionConfig;
  readonly #hooks: SessionHooks;
  readonly #events: TypedEmitter<WsEventMap>;
  #epoch = 0;

  constructor(
    config: SessionConfig,
    hooks: SessionHooks,
    events: TypedEmitter<WsEventMap>,
    nextId: () => number,
    now: () => number,
  ) {
    this.endpoint = config.endpoint;
    this.#config = config;
    this.#hooks = hooks;
    this.#events = events;
    this.#tracker = new RequestTracker(nextId);
    this.tokens = new TokenCache(config.getToken, config.tokenMaxAgeMs, now);
    this.connection = new WsConnection(
      config,
      {
        frame: (text) => this.#onFrame(text),
        opened: (reconnect) => this.#onOpened(reconnect),
        dropped: (reason) => this.#onDropped(reason),
        idle: () => this.#ping(),
      },
      events,
    );
  }

  /** Counts socket opens; 0 before the first. */
  get epoch(): number {
    return this.#epoch;
  }

  get isOpen(): boolean {
    return this.connection.state === 'open';
  }

  /** Sends `{ method, params, req_id }` once the socket is open and resolves with the matched responses. */
  async request(
    method: string,
    params: Record<string, unknown> | undefined,
    options: RequestOptions = {},
  ): Promise<MethodResponse[]> {
    const timeoutMs = options.timeoutMs ?? this.#config.requestTimeoutMs;
    await this.connection.whenOpen(
      this.#config.openTimeoutMs,
      (end) => requestError(method, end, false, this.#config.openTimeoutMs),
      options.signal,
    );
    let wire = params;
    if (options.auth) {
      const token = await this.tokens.get(this.#hooks.keepsTokenAlive());
      wire = { ...params, token };
    }
    const reqId = this.#tracker.allocate();
    const { isFinal } = options;
    // A refused token is one answer for the whole request, however many answers it would otherwise get.
    const final =
      options.auth === true
        ? (response: MethodResponse) => isTokenRejection(response) || isFinal?.(response) === true
        : isFinal;
    const trackOptions = {
      expected: options.expected ?? 1,
      timeoutMs,
      fail: (end: RequestEnd, sent: boolean) => requestError(method, end, sent, timeoutMs),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(final === undefined ? {} : { isFinal: final }),
    };
    const answered = this.#tracker.track(reqId, trackOptions);
    if (this.connection.send(encodeRequest(method, wire, reqId))) this.#tracker.markSent(reqId);
    else this.#tracker.end(reqId, 'disconnected');
    const responses = await answered;
    if (options.auth && responses.some(isTokenRejection)) this.tokens.invalidate();
    for (const response of responses)
      if (response.warnings?.length) this.#warn(method, reqId, response.warnings);
    return responses;
  }

  async close(): Promise<void> {
    await this.connection.close();
    this.#tracker.endAll('closed');
  }

  // Kraken's warnings are the caller's to see, not only the log's: a batch_add's result omits the orders they name.
  #warn(method: string, reqId: number, warnings: readonly string[]): void {
    this.#config.logger?.warn(
      { endpoint: this.endpoint, method, reqId, warnings },
      `ws:${method}: Kraken warned`,
    );
    this.#events.emit('warnings', { endpoint: this.endpoint, method, reqId, warnings });
  }

  #onOpened(reconnect: boolean): void {
    this.#epoch += 1;
    if (this.endpoint === 'private') this.tokens.invalidate();
    this.#hooks.opened(this.#epoch, reconnect);
  }

  #onDropped(reason: string): void {
    this.#tracker.endAll('disconnected');
    this.#hooks.dropped(reason);
  }

  #ping(): void {
    // Fire and forget: any inbound frame (the pong included) feeds the watchdog.
    this.connection.send(encodeRequest('ping', undefined, this.#tracker.allocate()));
  }

  #onFrame(text: string): void {
    const parsed = parseFrame(text);
    switch (parsed.kind) {
      case 'channel': {
        const message = parsed.message;
        if (message.channel === 'heartbeat') return;
        if (message.channel === 'status') {
          for (const status of message.data) this.#events.emit('status', { endpoint: this.endpoint, status });
          return;
        }
        this.#hooks.channel(message);
        return;
      }
      case 'response':
        if (!this.#tracker.accept(parsed.message) && parsed.message.method !== 'pong') {
          this.#events.emit('unhandled', { endpoint: this.endpoint, value: parsed.message });
        }
        return;
      case 'unrecognized':
        this.#events.emit('unhandled', { endpoint: this.endpoint, value: parsed.value });
        return;
      case 'invalid':
        this.#config.logger?.warn({ endpoint: this.endpoint, path: parsed.error.path }, parsed.error.message);
        this.#events.emit('protocol-error', { endpoint: this.endpoint, error: parsed.error });
        return;
    }
  }
}

/** Kraken's answer when the token is unknown or expired (wording varies; matched loosely). */
function isTokenRejection(response: MethodResponse): boolean {
  return (
    !response.success && response.error !== undefined && /token|EAPI:Invalid key|EAuth/i.test(response.error)
  );
}
