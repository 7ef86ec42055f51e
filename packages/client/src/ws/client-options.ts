import type { Logger } from 'pino';
import { ConfigError, type ConfigIssue } from '../errors/index.js';
import type { RateLimiter } from '../rate-limit/types.js';
import type { BackoffOptions } from './backoff.js';
import type { ResyncBudget } from './book-sync.js';
import type { BookPrecision } from './order-book.js';
import { restPairOfWsSymbol } from './rate-tickets.js';

/** Kraken's WebSocket v2 endpoints (docs/kraken/websocket-v2.md). */
export const KRAKEN_WS_URL = 'wss://ws.kraken.com/v2';
/** Kraken's authenticated WebSocket v2 endpoint (executions, balances, trading). */
export const KRAKEN_WS_AUTH_URL = 'wss://ws-auth.kraken.com/v2';

/** Options of {@link createWsClient}. */
export interface WsClientOptions {
  /** Public endpoint (market data). Default `wss://ws.kraken.com/v2`. */
  url?: string;
  /** Authenticated endpoint (executions, balances, trading). Default `wss://ws-auth.kraken.com/v2`. */
  authUrl?: string;
  /** Returns a WebSocket token, e.g. `() => client.getWebSocketsToken().then((r) => r.token)`. Called per connection. */
  getToken?: () => Promise<string>;
  /** pino logger; the client logs connection trouble and malformed frames, never tokens or frames it sends. */
  logger?: Logger;
  /**
   * No inbound message for this long → reconnect. Default 10 000 ms. Kraken sends a heartbeat about once a second
   * while subscribed (documented only as "approximately", docs/kraken/websocket-v2.md, hence configurable); idle
   * pings cover unsubscribed sockets.
   */
  heartbeatTimeoutMs?: number;
  /**
   * A socket quiet for this long gets an app-level ping (a socket with no subscription gets no heartbeats, and
   * Kraken is said to close idle connections after about a minute: UNCONFIRMED, hence configurable). Default
   * 5 000 ms; must be below heartbeatTimeoutMs.
   */
  pingIntervalMs?: number;
  /** How long a request waits for its response. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** WebSocket handshake timeout, and how long a request waits for a socket to (re)open. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Reconnect backoff (default 500 ms doubling to 30 s, jittered) and attempts before giving up (default: never). */
  reconnect?: BackoffOptions & { maxAttempts?: number };
  /** Checksum-driven resyncs allowed per symbol within a window. Default 5 per 60 000 ms. */
  resyncBudget?: Partial<ResyncBudget>;
  /** Known precisions per symbol (skips the instrument channel for them). */
  precision?: Readonly<Record<string, BookPrecision>>;
  /**
   * How long a book subscribe waits for the instrument snapshot that gives precisions, counted from the moment
   * the socket is open (an outage before that is waited out). Default 10 000 ms.
   */
  instrumentTimeoutMs?: number;
  /**
   * How long an acknowledged book subscription waits for its snapshot before the book is resynced (counted in
   * the resync budget). Kraken sends the snapshot right after the acknowledgement. Default 10 000 ms.
   */
  snapshotTimeoutMs?: number;
  /**
   * Refetch the token before a new private request once it is this old, counted from when it was asked for.
   * Kraken's token must be used within 15 minutes of its making; the default, 14 min, leaves a minute for the
   * request to get there and for clocks that disagree.
   */
  tokenMaxAgeMs?: number;
  /** Largest frame accepted. Default 64 MiB (the instrument snapshot is large). */
  maxPayloadBytes?: number;
  /** Closes the client when aborted. */
  signal?: AbortSignal;
  /** Source of jitter, [0, 1). Default Math.random. */
  random?: () => number;
  /** Clock for resync budgets and token age, in ms. Default Date.now. */
  now?: () => number;
  /**
   * Rate limiter for the trading methods. Kraken charges WebSocket orders to the same per-pair matching-engine
   * counter as REST orders (docs/kraken/rate-limits.md), so give the REST client and this client ONE limiter:
   * `const limiter = createRateLimiter({ tier }); createClient({ ..., rateLimit: { limiter } });
   * createWsClient({ ..., limiter })`. Each trading request then waits for budget (or fails fast with
   * RateLimitError, per the limiter's mode) before it is sent, and the limiter learns of the orders it creates and
   * closes, so a cancel over one transport is charged by the age of an order placed over the other. Waiting for
   * budget is not part of `requestTimeoutMs`. Without a limiter, trading requests are sent at once.
   */
  limiter?: RateLimiter;
  /**
   * Maps a v2 symbol to the pair name the limiter keys on, so an order has one counter whether placed over REST
   * (`XBTUSD`) or here (`BTC/USD`). Default: Bitcoin `BTC` → `XBT` (`BTC/USD` → `XBT/USD`, keyed `XBTUSD` by the
   * limiter's default pair key). Other assets whose v2 and REST names differ are not documented (docs/kraken/rest-endpoints.md):
   * map them here, or normalise both names in the limiter's `pairKey`.
   */
  limiterPair?: (symbol: string) => string;
}

/** The limiter of the trading methods and how they name pairs to it (see `WsClientOptions.limiter`). */
export interface WsRateLimiting {
  limiter: RateLimiter;
  /** Maps a v2 symbol to the pair name the limiter keys on. */
  pairOf: (symbol: string) => string;
}

/** Checks the limiter options; undefined when no limiter is given (trading requests go straight out). */
export function resolveWsRateLimiting(
  options: Pick<WsClientOptions, 'limiter' | 'limiterPair'>,
): WsRateLimiting | undefined {
  const { limiter, limiterPair } = options;
  const issues: ConfigIssue[] = [];
  if (limiter !== undefined && !isRateLimiter(limiter)) {
    issues.push({ path: 'limiter', message: 'expected a RateLimiter (with run and observe methods)' });
  }
  if (limiterPair !== undefined && typeof limiterPair !== 'function') {
    issues.push({ path: 'limiterPair', message: 'expected a function from a v2 symbol to a pair name' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  if (limiter === undefined) return undefined;
  return { limiter, pairOf: limiterPair ?? restPairOfWsSymbol };
}

function isRateLimiter(value: unknown): value is RateLimiter {
  const candidate = value as Partial<RateLimiter> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.run === 'function' &&
    typeof candidate.observe === 'function'
  );
}

export interface ResolvedWsOptions {
  url: string;
  authUrl: string;
  getToken: (() => Promise<string>) | undefined;
  logger: Logger | undefined;
  heartbeatTimeoutMs: number;
  pingIntervalMs: number;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  backoff: BackoffOptions;
  maxReconnectAttempts: number;
  resyncBudget: ResyncBudget;
  precision: Readonly<Record<string, BookPrecision>>;
  instrumentTimeoutMs: number;
  snapshotTimeoutMs: number;
  tokenMaxAgeMs: number;
  maxPayloadBytes: number;
  random: () => number;
  now: () => number;
}

/** Fills defaults and validates; every problem is reported at once in a ConfigError. */
export function resolveWsOptions(options: WsClientOptions): ResolvedWsOptions {
  const issues: ConfigIssue[] = [];
  const url = checkUrl('url', options.url ?? KRAKEN_WS_URL, issues);
  const authUrl = checkUrl('authUrl', options.authUrl ?? KRAKEN_WS_AUTH_URL, issues);
  const ms = (name: keyof WsClientOptions, fallback: number, min = 0): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      issues.push({
        path: name,
        message: `expected a number of milliseconds ≥ ${min}, got ${String(value)}`,
      });
      return fallback;
    }
    return value;
  };
  const resolved: ResolvedWsOptions = {
    url,
    authUrl,
    getToken: options.getToken,
    logger: options.logger,
    heartbeatTimeoutMs: ms('heartbeatTimeoutMs', 10_000),
    pingIntervalMs: ms('pingIntervalMs', 5_000),
    requestTimeoutMs: ms('requestTimeoutMs', 10_000, 1),
    connectTimeoutMs: ms('connectTimeoutMs', 10_000, 1),
    backoff: options.reconnect ?? {},
    maxReconnectAttempts: options.reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY,
    resyncBudget: {
      maxResyncs: whole('resyncBudget.maxResyncs', options.resyncBudget?.maxResyncs ?? 5, 0, issues),
      windowMs: whole('resyncBudget.windowMs', options.resyncBudget?.windowMs ?? 60_000, 1, issues),
    },
    precision: checkPrecisions(options.precision ?? {}, issues),
    instrumentTimeoutMs: ms('instrumentTimeoutMs', 10_000, 1),
    snapshotTimeoutMs: ms('snapshotTimeoutMs', 10_000, 1),
    tokenMaxAgeMs: ms('tokenMaxAgeMs', 14 * 60_000, 1),
    maxPayloadBytes: ms('maxPayloadBytes', 64 * 1024 * 1024, 1024),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
  const { heartbeatTimeoutMs, pingIntervalMs } = resolved;
  if (heartbeatTimeoutMs > 0 && pingIntervalMs > 0 && pingIntervalMs >= heartbeatTimeoutMs) {
    issues.push({
      path: 'pingIntervalMs',
      message: `must be below heartbeatTimeoutMs (${heartbeatTimeoutMs}) so an idle socket is pinged before the watchdog fires`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}

/** Most decimals a precision may name: Kraken's are at most 10; more is a mistake, not a pair. */
const MAX_PRECISION_DECIMALS = 18;

function whole(path: string, value: unknown, min: number, issues: ConfigIssue[]): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
  issues.push({ path, message: `expected a whole number ≥ ${min}, got ${String(value)}` });
  return min;
}

/** Known precisions: decimals of price and qty per symbol, whole numbers a book can be checked with. */
function checkPrecisions(value: unknown, issues: ConfigIssue[]): Readonly<Record<string, BookPrecision>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ path: 'precision', message: 'expected an object of symbol → { price, qty }' });
    return {};
  }
  const out: Record<string, BookPrecision> = {};
  for (const [symbol, entry] of Object.entries(value)) {
    const price = (entry as Partial<BookPrecision> | null)?.price;
    const qty = (entry as Partial<BookPrecision> | null)?.qty;
    const fits = (n: unknown) =>
      Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= MAX_PRECISION_DECIMALS;
    if (!fits(price) || !fits(qty)) {
      issues.push({
        path: `precision.${symbol}`,
        message: `expected { price, qty } as whole numbers of decimals 0–${MAX_PRECISION_DECIMALS}, got ${(JSON.stringify(entry) ?? String(entry)).slice(0, 64)}`,
      });
      continue;
    }
    out[symbol] = { price: price as number, qty: qty as number };
  }
  return out;
}

function checkUrl(path: string, value: unknown, issues: ConfigIssue[]): string {
  if (typeof value === 'string') {
    try {
      const parsed = new URL(value);
      if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') return value;
    } catch {
      // reported below
    }
  }
  issues.push({ path, message: `expected a ws:// or wss:// URL, got ${JSON.stringify(value)}` });
  return '';
}
