import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import type { TypedEmitter } from './emitter.js';
import type { WsEndpoint, WsEventMap } from './events.js';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionConfig {
  url: string;
  endpoint: WsEndpoint;
  /** No inbound message for this long → the socket is dropped and reconnected (0 disables). */
  heartbeatTimeoutMs: number;
  /** Quiet for this long → `hooks.idle()` sends an app-level ping (0 disables). */
  pingIntervalMs: number;
  /** WebSocket handshake timeout. */
  connectTimeoutMs: number;
  backoff: BackoffOptions;
  /** Consecutive failed attempts after which the connection gives up and closes (default: never). */
  maxReconnectAttempts: number;
  maxPayloadBytes: number;
  random: () => number;
}

export interface ConnectionHooks {
  frame(text: string): void;
  opened(reconnect: boolean): void;
  dropped(reason: string): void;
  idle(): void;
}

/** Why waiting for the connection to open ended without it opening. */
export type OpenWaitEnd = 'timeout' | 'closed' | 'aborted';

/** Settles one `whenOpen` promise: resolved when `end` is undefined. */
type OpenWaiter = (end?: OpenWaitEnd) => void;

/** How long a polite close may take before the socket is terminated. */
const CLOSE_GRACE_MS = 1_000;
/** A connection open this long counts as healthy: the next drop starts the backoff from the first step again. */
const STABLE_CONNECTION_MS = 5_000;
/** Shortest watchdog re-arm delay, so a busy socket does not spin the timer. */
const WATCHDOG_FLOOR_MS = 10;

/**
 * One WebSocket to one Kraken endpoint, kept alive: a heartbeat watchdog (silence → reconnect), app-level pings
 * when idle, reconnects with exponential backoff and jitter, typed lifecycle events. It knows nothing of Kraken's
 * messages: the session above it resubscribes in `opened` and parses in `frame`.
 */
export class WsConnection {
  readonly #config: ConnectionConfig;
  readonly #hooks: ConnectionHooks;
  readonly #events: TypedEmitter<WsEventMap>;
  #state: ConnectionState = 'idle';
  #socket: WebSocket | undefined;
  #attempt = 0;
  #everOpened = false;
  #lastMessageAt = 0;
  #lastPingAt = 0;
  #openedAt: number | undefined;
  #lastError = '';
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #watchdogTimer: ReturnType<typeof setTimeout> | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #waiters = new Set<OpenWaiter>();
  #closed: Promise<void> | undefined;
  #resolveClosed: (() => void) | undefined;

  constructor(config: ConnectionConfig, hooks: ConnectionHooks, events: TypedEmitter<WsEventMap>) {
    this.#config = config;
    this.#hooks = hooks;
    this.#events = events;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Starts connecting unless already connected, connecting or closed. */
  connect(): void {
    if (this.#state === 'idle') this.#dial();
  }

  /**
   * Resolves once the socket is open (connecting first if needed). Rejects with `fail(end)` on timeout, abort, or
   * when the connection is closed for good.
   */
  whenOpen(timeoutMs: number, fail: (end: OpenWaitEnd) => Error, signal?: AbortSignal): Promise<void> {
    if (this.#state === 'open') return Promise.resolve();
    if (this.#state === 'closed') return Promise.reject(fail('closed'));
    if (signal?.aborted) return Promise.reject(fail('aborted'));
    this.connect();
    return new Promise((resolve, reject) => {
      const settle: OpenWaiter = (end) => {
        if (!this.#waiters.delete(settle)) return;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (end === undefined) resolve();
        else reject(fail(end));
      };
      const onAbort = (): void => settle('aborted');
      // An unbounded wait (Infinity) has no timer: setTimeout would fire at once for it.
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => settle('timeout'), timeoutMs) : undefined;
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(settle);
    });
  }

  /** Writes a frame if the socket is open; returns whether it was handed to the socket. */
  send(text: string): boolean {
    const socket = this.#socket;
    if (this.#state !== 'open' || socket === undefined || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(text);
    return true;
  }

  /** Drops the current socket as if the network failed; it reconnects with backoff (the watchdog uses this). */
  drop(reason: string): void {
    this.#lastError = reason;
    this.#socket?.terminate();
  }

  /** Closes for good: no reconnect, timers cleared; resolves when the socket has closed. */
  close(): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    this.#state = 'closed';
    this.#clearTimers();
    for (const settle of [...this.#waiters]) settle('closed');
    const socket = this.#socket;
    if (socket === undefined) {
      this.#closed = Promise.resolve();
      this.#events.emit('closed', { endpoint: this.#config.endpoint, reason: 'closed by the client' });
      return this.#closed;
    }
    this.#closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    if (socket.readyState === WebSocket.OPEN) {
      socket.close(1000, 'client closing');
      this.#graceTimer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
    } else {
      socket.terminate();
    }
    return this.#closed;
  }

  #dial(): void {
    this.#state = this.#everOpened || this.#attempt > 0 ? 'reconnecting' : 'connecting';
    const { url, endpoint } = this.#config;
    this.#events.emit('connecting', { endpoint, url, attempt: this.#attempt });
    const socket = new WebSocket(url, {
      handshakeTimeout: this.#config.connectTimeoutMs,
      maxPayload: this.#config.maxPayloadBytes,
    });
    this.#socket = socket;
    socket.on('open', () => this.#onOpen(socket));
    socket.on('message', (data: WebSocket.RawData) => this.#onMessage(socket, data));
    socket.on('error', (error: Error) => {
      this.#lastError = error.message;
    });
    socket.on('close', (code: number, reason: Buffer) => this.#onClose(socket, code, reason.toString()));
  }

  #onOpen(socket: WebSocket): void {
    if (socket !== this.#socket || this.#state === 'closed') return;
    this.#state = 'open';
    this.#lastMessageAt = performance.now();
    this.#openedAt = this.#lastMessageAt;
    this.#lastPingAt = this.#lastMessageAt;
    const reconnect = this.#everOpened;
    this.#everOpened = true;
    this.#armWatchdog();
    this.#events.emit('open', { endpoint: this.#config.endpoint, reconnect });
    for (const settle of [...this.#waiters]) settle();
    this.#hooks.opened(reconnect);
  }

  #onMessage(socket: WebSocket, data: WebSocket.RawData): void {
    if (socket !== this.#socket || this.#state === 'closed') return;
    this.#lastMessageAt = performance.now();
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.from(data).toString('utf8');
    this.#hooks.frame(text);
  }

  #onClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    socket.removeAllListeners();
    // A late 'error' from a terminated socket must not become an uncaught exception.
    socket.on('error', () => {});
    this.#clearWatchdog();
    const { endpoint } = this.#config;
    if (this.#state === 'closed') {
      if (this.#graceTimer !== undefined) clearTimeout(this.#graceTimer);
      this.#graceTimer = undefined;
      this.#events.emit('closed', { endpoint, reason: 'closed by the client' });
      this.#resolveClosed?.();
      return;
    }
    // Backoff restarts only after a connection that lasted: a server that accepts then drops at once is not hammered.
    if (this.#openedAt !== undefined && performance.now() - this.#openedAt >= STABLE_CONNECTION_MS)
      this.#attempt = 0;
    this.#openedAt = undefined;
    const why = this.#lastError || reason || `socket closed with code ${code}`;
    this.#lastError = '';
    this.#events.emit('disconnected', { endpoint, code, reason: why });
    this.#hooks.dropped(why);
    this.#scheduleReconnect(why);
  }

  #scheduleReconnect(reason: string): void {
    const { endpoint } = this.#config;
    if (this.#attempt >= this.#config.maxReconnectAttempts) {
      this.#state = 'closed';
      this.#closed = Promise.resolve();
      for (const settle of [...this.#waiters]) settle('closed');
      this.#events.emit('closed', { endpoint, reason: `gave up after ${this.#attempt} attempts: ${reason}` });
      return;
    }
    const delayMs = backoffDelay(this.#attempt, this.#config.backoff, this.#config.random);
    this.#attempt += 1;
    this.#state = 'reconnecting';
    this.#events.emit('reconnecting', { endpoint, attempt: this.#attempt, delayMs, reason });
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#state === 'reconnecting') this.#dial();
    }, delayMs);
  }

  #armWatchdog(): void {
    const { heartbeatTimeoutMs, pingIntervalMs } = this.#config;
    if (heartbeatTimeoutMs <= 0 && pingIntervalMs <= 0) return;
    const now = performance.now();
    let delay = Number.POSITIVE_INFINITY;
    if (heartbeatTimeoutMs > 0) delay = heartbeatTimeoutMs - (now - this.#lastMessageAt);
    if (pingIntervalMs > 0) {
      const quietSince = Math.max(this.#lastMessageAt, this.#lastPingAt);
      delay = Math.min(delay, pingIntervalMs - (now - quietSince));
    }
    this.#watchdogTimer = setTimeout(() => this.#checkWatchdog(), Math.max(WATCHDOG_FLOOR_MS, delay));
  }

  #checkWatchdog(): void {
    this.#watchdogTimer = undefined;
    if (this.#state !== 'open') return;
    const { heartbeatTimeoutMs, pingIntervalMs, endpoint } = this.#config;
    const now = performance.now();
    const silentMs = now - this.#lastMessageAt;
    if (heartbeatTimeoutMs > 0 && silentMs >= heartbeatTimeoutMs) {
      this.#events.emit('heartbeat-timeout', { endpoint, silentMs: Math.round(silentMs) });
      this.drop(`no message for ${Math.round(silentMs)} ms (heartbeat timeout ${heartbeatTimeoutMs} ms)`);
      return;
    }
    if (pingIntervalMs > 0 && now - Math.max(this.#lastMessageAt, this.#lastPingAt) >= pingIntervalMs) {
      this.#lastPingAt = now;
      this.#hooks.idle();
    }
    this.#armWatchdog();
  }

  #clearWatchdog(): void {
    if (this.#watchdogTimer !== undefined) clearTimeout(this.#watchdogTimer);
    this.#watchdogTimer = undefined;
  }

  #clearTimers(): void {
    this.#clearWatchdog();
    if (this.#reconnectTimer !== undefined) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
  }
}
