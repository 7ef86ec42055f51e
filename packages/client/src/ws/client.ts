import { performance } from 'node:perf_hooks';
import { KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenError, KrakenkitError, TransportError, ValidationError } from '../errors/index.js';
import { type BookState, BookSync } from './book-sync.js';
import { type ResolvedWsOptions, resolveWsOptions, type WsClientOptions } from './client-options.js';
import { type Listener, TypedEmitter } from './emitter.js';
import type { ResyncReason, WsEndpoint, WsEventMap } from './events.js';
import { InstrumentCache } from './instruments.js';
import type { ChannelMessage, ExecutionsMessage } from './messages.js';
import { deliverBySymbol } from './routing.js';
import { requestError, WsSession } from './session.js';
import { MessageStream } from './stream.js';
import { planSubscription } from './subscribe-request.js';
import {
  type BookEvent,
  type BookView,
  DEFAULT_BUFFERS,
  type EventOf,
  type SubscribeOptions,
  type SubscribeRequest,
  type Subscription,
} from './subscription-types.js';
import { type Sink, Subscriptions, type WireSub } from './subscriptions.js';
import { WsTrading } from './trading.js';

/** Creates a Kraken WebSocket v2 client. Nothing connects until the first subscription or request. */
export function createWsClient(options: WsClientOptions = {}): WsClient {
  return new WsClient(options);
}

const INSTRUMENT_KEY = 'instrument';

/**
 * Kraken WebSocket v2: public market data with verified local order books, private executions and balances, and
 * trading methods. Two connections at most (public, authenticated), each opened on first use, kept alive with a
 * heartbeat watchdog and pings, reconnected with backoff and resubscribed. `close()` leaves nothing running.
 */
export class WsClient extends WsTrading {
  readonly #options: ResolvedWsOptions;
  readonly #events: TypedEmitter<WsEventMap>;
  readonly #sessions = new Map<WsEndpoint, WsSession>();
  readonly #subs: Subscriptions;
  readonly #books: BookSync;
  readonly #instruments: InstrumentCache;
  readonly #streams = new Set<MessageStream<unknown>>();
  readonly #instrumentSink: Sink = { deliver: () => {}, fail: () => {} };
  #nextReqId = 1;
  #executionsSequence: number | undefined;
  #closing: Promise<void> | undefined;
  readonly #onAbort = (): void => void this.close();
  readonly #signal: AbortSignal | undefined;

  constructor(options: WsClientOptions = {}) {
    super(() => this.#session('private'), undefined, options);
    this.#options = resolveWsOptions(options);
    this.#events = new TypedEmitter<WsEventMap>((error, event) => {
      this.#options.logger?.error({ err: error, event }, 'WebSocket event listener threw');
      if (event !== 'error') this.#events.emit('error', { error, context: `listener for ${String(event)}` });
    });
    this.#instruments = new InstrumentCache(this.#options.precision);
    this.#books = new BookSync(
      {
        precisionOf: (symbol) => this.#instruments.get(symbol),
        resync: (symbol, depth, reason) => void this.#resyncBook(symbol, depth, reason),
        changed: (symbol, type, checksum) => this.#bookChanged(symbol, type, checksum),
        now: this.#options.now,
      },
      this.#events,
      this.#options.resyncBudget,
      this.#options.snapshotTimeoutMs,
    );
    this.#subs = new Subscriptions({
      session: (endpoint) => this.#session(endpoint),
      events: this.#events,
      added: (sub) => {
        if (sub.channel === 'book' && sub.symbol !== undefined)
          this.#books.track(sub.symbol, sub.params.depth as number);
      },
      removed: (sub) => {
        if (sub.channel === 'book' && sub.symbol !== undefined) this.#books.untrack(sub.symbol);
      },
      acked: (sub) => {
        if (sub.channel === 'book' && sub.symbol !== undefined) this.#books.expectSnapshot(sub.symbol);
      },
      retryBackoff: this.#options.backoff,
      random: this.#options.random,
    });
    this.#signal = options.signal;
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (options.signal?.aborted) void this.close();
  }

  /** Listens to lifecycle, book and error events; returns a function that removes the listener. */
  on<K extends keyof WsEventMap>(event: K, listener: Listener<WsEventMap[K]>): () => void {
    return this.#events.on(event, listener);
  }

  /** Like `on`, for one event only; returns a function that removes the listener. */
  once<K extends keyof WsEventMap>(event: K, listener: Listener<WsEventMap[K]>): () => void {
    return this.#events.once(event, listener);
  }

  /** Removes a listener added with `on` or `once`. */
  off<K extends keyof WsEventMap>(event: K, listener: Listener<WsEventMap[K]>): void {
    this.#events.off(event, listener);
  }

  /**
   * Subscribes to a channel. Validation errors throw at once; Kraken's refusals reject `ready` and end the iterator
   * with a KrakenError. Books: the iterator yields a BookEvent after every message whose checksum matched.
   */
  subscribe<R extends SubscribeRequest>(
    request: R,
    options: SubscribeOptions = {},
  ): Subscription<EventOf<R>> {
    this.#assertOpen();
    const plan = planSubscription(request);
    const defaults = DEFAULT_BUFFERS[plan.channel];
    const held: WireSub[] = [];
    const stream: MessageStream<EventOf<R>> = new MessageStream<EventOf<R>>({
      channel: plan.channel,
      capacity: options.capacity ?? defaults.capacity,
      overflow: options.overflow ?? defaults.overflow,
      keyOf: (event) => (event as { symbol?: string }).symbol ?? '',
      onClose: () => {
        options.signal?.removeEventListener('abort', stop);
        this.#streams.delete(stream as MessageStream<unknown>);
        for (const sub of held.splice(0)) this.#subs.release(sub, sink);
      },
    });
    const stop = (): void => void stream.return();
    const sink: Sink = {
      deliver: (event) => stream.push(event as EventOf<R>),
      fail: (error) => stream.fail(error),
    };
    this.#streams.add(stream as MessageStream<unknown>);
    options.signal?.addEventListener('abort', stop, { once: true });
    const ready = this.#start(plan, sink, held, stream as MessageStream<unknown>, options.signal);
    ready.catch((error: unknown) => stream.fail(error));
    if (options.signal?.aborted) stop();
    return {
      ready,
      unsubscribe: async () => void (await stream.return()),
      [Symbol.asyncIterator]: () => stream,
    };
  }

  /** The verified book of a subscribed symbol (best `limit` levels per side); throws BookUnavailableError otherwise. */
  book(symbol: string, limit?: number): BookView {
    const book = this.#books.book(symbol);
    const { asks, bids } = book.top(limit ?? book.depth);
    return { symbol, checksum: book.checksum(), asks, bids };
  }

  /** The symbol's book state, or undefined when it is not subscribed. */
  bookState(symbol: string): BookState | undefined {
    return this.#books.state(symbol);
  }

  /** Requests a fresh snapshot for one symbol and resets its resync budget (revives a `failed` book). */
  resync(symbol: string): boolean {
    return this.#books.resync(symbol);
  }

  /** Opens the endpoint's connection (normally implicit: the first subscription or request does it). */
  async connect(endpoint: WsEndpoint = 'public', signal?: AbortSignal): Promise<void> {
    this.#assertOpen();
    const ms = this.#options.connectTimeoutMs;
    await this.#session(endpoint).connection.whenOpen(
      ms,
      (end) => requestError('connect', end, false, ms),
      signal,
    );
  }

  /** App-level ping (Kraken `ping` → `pong`); resolves with the round trip in ms, connecting first if needed. */
  async ping(endpoint: WsEndpoint = 'public'): Promise<number> {
    await this.connect(endpoint);
    const started = performance.now();
    await this.#session(endpoint).request('ping', undefined);
    return performance.now() - started;
  }

  /** Closes both connections, ends every subscription, rejects pending requests; clears every timer. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closing = (async () => {
      this.#signal?.removeEventListener('abort', this.#onAbort);
      this.#instruments.cancelWaiters();
      this.#subs.shutdown(closedError());
      for (const stream of [...this.#streams]) stream.end();
      await Promise.all([...this.#sessions.values()].map((session) => session.close()));
    })();
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing !== undefined) throw closedError();
  }

  #session(endpoint: WsEndpoint): WsSession {
    const existing = this.#sessions.get(endpoint);
    if (existing !== undefined) return existing;
    if (this.#closing !== undefined) throw closedError();
    const o = this.#options;
    const session = new WsSession(
      {
        url: endpoint === 'public' ? o.url : o.authUrl,
        endpoint,
        heartbeatTimeoutMs: o.heartbeatTimeoutMs,
        pingIntervalMs: o.pingIntervalMs,
        connectTimeoutMs: o.connectTimeoutMs,
        backoff: o.backoff,
        maxReconnectAttempts: o.maxReconnectAttempts,
        maxPayloadBytes: o.maxPayloadBytes,
        random: o.random,
        requestTimeoutMs: o.requestTimeoutMs,
        openTimeoutMs: o.connectTimeoutMs,
        tokenMaxAgeMs: o.tokenMaxAgeMs,
        ...(o.getToken === undefined ? {} : { getToken: o.getToken }),
        ...(o.logger === undefined ? {} : { logger: o.logger }),
      },
      {
        channel: (message) => this.#onChannel(message),
        opened: () => this.#subs.sync(endpoint),
        dropped: (reason) => this.#onDropped(endpoint, reason),
        keepsTokenAlive: () => this.#subs.hasLivePrivate(),
      },
      this.#events,
      () => this.#nextReqId++,
      o.now,
    );
    this.#sessions.set(endpoint, session);
    return session;
  }

  async #start(
    plan: ReturnType<typeof planSubscription>,
    sink: Sink,
    held: WireSub[],
    stream: MessageStream<unknown>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    for (const [symbol, precision] of Object.entries(plan.precision))
      this.#instruments.set(symbol, precision);
    if (plan.channel === 'book')
      await this.#ensurePrecision(
        plan.specs.map((spec) => spec.symbol ?? ''),
        signal,
      );
    if (stream.ended) return;
    for (const spec of plan.specs) held.push(this.#subs.acquire(spec, sink));
    this.#subs.sync(plan.specs[0]?.endpoint ?? 'public');
    // A second stream on an already verified book starts from the current state instead of the next update.
    for (const sub of held) {
      if (sub.channel === 'book' && sub.symbol !== undefined && this.#books.state(sub.symbol) === 'valid') {
        sink.deliver(this.#bookEvent(sub.symbol, 'snapshot', this.#books.book(sub.symbol).checksum()));
      }
    }
    await Promise.all(held.map((sub) => this.#subs.whenAcked(sub)));
  }

  /** Book checksums need each symbol's precision: read the instrument channel once if any is unknown. */
  async #ensurePrecision(symbols: readonly string[], signal: AbortSignal | undefined): Promise<void> {
    const missing = (): string[] => symbols.filter((symbol) => this.#instruments.get(symbol) === undefined);
    if (missing().length === 0) return;
    if (!this.#instruments.snapshotSeen) {
      const ms = this.#options.instrumentTimeoutMs;
      const snapshot = this.#instruments.nextSnapshot(Number.POSITIVE_INFINITY, signal);
      const spec = {
        key: INSTRUMENT_KEY,
        endpoint: 'public' as const,
        channel: 'instrument',
        params: { snapshot: true },
      };
      this.#subs.acquire(spec, this.#instrumentSink, true);
      this.#subs.sync('public');
      // An outage at start-up is waited out like any reconnect (the connection retries by itself); only once
      // the socket is open does the instrument snapshot have `instrumentTimeoutMs` to arrive.
      await this.#session('public').connection.whenOpen(
        Number.POSITIVE_INFINITY,
        (end) => requestError('subscribe', end, false, 0),
        signal,
      );
      if (!(await withinMs(snapshot, ms)) && this.#closing === undefined && !signal?.aborted) {
        throw new TransportError(
          `ws:subscribe: no instrument snapshot within ${ms} ms to learn book precisions; pass \`precision\``,
          { endpoint: 'ws:subscribe', outcome: 'not-sent', code: KRAKENKIT_CODES.WS_TIMEOUT },
        );
      }
    }
    const unknown = missing();
    if (unknown.length > 0) {
      throw new ValidationError(
        'ws:subscribe(book).symbol',
        unknown.join(', '),
        'symbols listed by the instrument channel (or pass `precision` for them)',
      );
    }
  }

  #onChannel(message: ChannelMessage): void {
    switch (message.channel) {
      case 'book':
        this.#books.apply(message);
        return;
      case 'instrument':
        for (const symbol of this.#instruments.apply(message)) this.#books.precisionChanged(symbol);
        this.#deliver(INSTRUMENT_KEY, message);
        return;
      case 'ticker':
      case 'trade':
      case 'ohlc':
        deliverBySymbol(message, (key, event) => this.#deliver(key, event));
        return;
      case 'executions':
        this.#checkSequence(message);
        this.syncRateCounters(message);
        this.#deliver('executions', message);
        return;
      case 'balances':
        this.#deliver('balances', message);
        return;
      default:
        return;
    }
  }

  #deliver(key: string, event: unknown): void {
    const sub = this.#subs.get(key);
    if (sub === undefined) return;
    for (const sink of sub.sinks) sink.deliver(event);
  }

  #bookChanged(symbol: string, type: 'snapshot' | 'update', checksum: number): void {
    const sub = this.#subs.get(`book|${symbol}`);
    if (sub === undefined || sub.sinks.size === 0) return;
    const event = this.#bookEvent(symbol, type, checksum);
    for (const sink of sub.sinks) sink.deliver(event);
  }

  #bookEvent(symbol: string, type: 'snapshot' | 'update', checksum: number): BookEvent {
    return new VerifiedBookEvent(this, symbol, type, checksum);
  }

  #checkSequence(message: ExecutionsMessage): void {
    const sequence = message.sequence;
    if (sequence === undefined) return;
    const last = this.#executionsSequence;
    if (message.type === 'update' && last !== undefined && sequence !== last + 1) {
      this.#events.emit('sequence-gap', { channel: 'executions', expected: last + 1, received: sequence });
    }
    this.#executionsSequence = sequence;
  }

  #onDropped(endpoint: WsEndpoint, reason: string): void {
    this.#options.logger?.warn({ endpoint, reason }, 'Kraken WebSocket connection lost; reconnecting');
    this.#subs.dropped(endpoint);
    if (endpoint === 'public') this.#books.markAllStale();
    else this.#executionsSequence = undefined;
  }

  /** Unsubscribe then subscribe one symbol for a fresh snapshot; other symbols are not touched. */
  async #resyncBook(symbol: string, depth: number, reason: ResyncReason): Promise<void> {
    const session = this.#session('public');
    if (!session.isOpen) return; // the reconnect resubscribes it
    const epoch = session.epoch;
    // The subscription this resync serves: once it is released, its book must not be subscribed again (no one
    // would hold that subscription, and a later subscribe to the symbol would be refused as already subscribed).
    const sub = this.#subs.get(`book|${symbol}`);
    const released = (): boolean => sub === undefined || this.#subs.get(`book|${symbol}`) !== sub;
    if (released()) return;
    const params = { channel: 'book', symbol: [symbol], depth };
    try {
      await session.request('unsubscribe', params).catch(() => undefined);
      if (session.epoch !== epoch || this.#closing !== undefined || released()) return;
      const [response] = await session.request('subscribe', { ...params, snapshot: true });
      if (response !== undefined && !response.success) {
        throw new KrakenError([response.error ?? 'subscribe failed'], 'ws:subscribe');
      }
      this.#books.expectSnapshot(symbol);
    } catch (error) {
      if (session.epoch !== epoch || this.#closing !== undefined) return;
      this.#events.emit('error', { endpoint: 'public', error, context: `resync ${symbol} (${reason})` });
      this.#books.resyncFailed(symbol);
    }
  }
}

/** Resolves with the promise's value, or `false` when it has not settled within `ms`. */
function withinMs(promise: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function closedError(): KrakenkitError {
  return new KrakenkitError('the WebSocket client is closed', {
    code: KRAKENKIT_CODES.WS_CLOSED,
    category: 'config',
  });
}

/** A verified book message: its methods live on the prototype, so an event costs one small object. */
class VerifiedBookEvent implements BookEvent {
  readonly channel = 'book' as const;
  readonly #client: WsClient;
  readonly symbol: string;
  readonly type: 'snapshot' | 'update';
  readonly checksum: number;

  constructor(client: WsClient, symbol: string, type: 'snapshot' | 'update', checksum: number) {
    this.#client = client;
    this.symbol = symbol;
    this.type = type;
    this.checksum = checksum;
  }

  book(limit?: number): BookView {
    return this.#client.book(this.symbol, limit);
  }

  state(): BookState | undefined {
    return this.#client.bookState(this.symbol);
  }
}
