import type { AccountId, StateStore } from '@krakenkit/core/store';
import type { Logger } from 'pino';
import type { ApiKeyConfig } from '../keys/api-key.js';
import type { JournalStep, NonceSource } from '../nonce/types.js';
import type { RateLimiter, RateLimitMode } from '../rate-limit/types.js';
import type { Transport } from '../transport/types.js';

/** Kraken's production REST origin. */
export const DEFAULT_BASE_URL = 'https://api.kraken.com';
/** Per-attempt timeout of one HTTP exchange (ms). */
export const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Largest answer body the client reads (bytes); default 16 MiB. Kraken's largest answers (the full AssetPairs
 * list, a 720-candle OHLC, a 500-level Depth) are well under 2 MiB; anything far larger is a broken or hostile peer.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Pause before looking up an order whose placement is unknown (ms). */
export const DEFAULT_RECONCILE_DELAY_MS = 1_000;

/** Options of {@link createClient}. Everything is optional; a client without `key` can call public endpoints. */
export interface ClientOptions {
  /** API origin; default `https://api.kraken.com` (point it at the mock exchange in tests). */
  baseUrl?: string;
  /** The API key used for private calls, with its declared permissions and nonce window. */
  key?: ApiKeyConfig;
  /** Verification tier for the default rate limiter; default `starter`, the most conservative. */
  tier?: 'starter' | 'intermediate' | 'pro';
  /** How requests travel; default an undici Pool on `baseUrl`. */
  transport?: Transport;
  /** Use the fetch transport with this fetch (msw users: pass `fetch` or rely on the global one). */
  fetch?: typeof fetch;
  /** A pino logger (see createLogger); default silent. Calls are logged at debug, never with credentials. */
  logger?: Logger;
  rateLimit?: {
    /** `wait` (default): hold calls until Kraken would accept them; `fail-fast`: throw RateLimitError. */
    mode?: RateLimitMode;
    /** Bring your own limiter (e.g. one shared by several clients of one account). */
    limiter?: RateLimiter;
    /** REST cost of history calls (UNCONFIRMED: 2 or 4 by Kraken's pages; default 4). */
    historyCost?: number;
    /**
     * Whether Kraken accepts a single cancel (CancelOrder) over the matching-engine threshold. UNCONFIRMED:
     * `rejected` (default, conservative) holds a single cancel until it fits, ahead of the pair's adds;
     * `accepted` sends it at once. See `RateLimiterOptions.singleCancelOverThreshold`.
     */
    singleCancelOverThreshold?: 'rejected' | 'accepted';
    /** How long the executions feed may lag a trading call (ms; default 2000). See `RateLimiterOptions.rateCounterLagMs`. */
    rateCounterLagMs?: number;
  };
  /** The key's nonce source; default a process-wide microsecond clock source per key. */
  nonce?: NonceSource;
  /**
   * Share the key with other processes through this state store (`@krakenkit/store`): every private call takes
   * its nonce and its turn from the store, so calls of all processes arrive in nonce order (no
   * `EAPI:Invalid nonce`), and Kraken's REST counter is charged there, so together they stay within the key's
   * budget. A store failure fails a call before it is sent. Not with `nonce`; with `rateLimit.limiter`, give that
   * limiter the store yourself.
   */
  store?: ClientStoreOptions;
  /** Per-attempt HTTP timeout (ms); default 15000. */
  timeoutMs?: number;
  /**
   * Largest answer body read (bytes); default 16 MiB. A larger one fails the call with code
   * `KRAKENKIT_RESPONSE_TOO_LARGE` (outcome unknown: an order is then reconciled by its client order id).
   */
  maxResponseBytes?: number;
  retry?: {
    /** Total attempts of an idempotent call; default 3 (1 disables retries). */
    attempts?: number;
    /** First backoff step (ms); default 250. */
    baseDelayMs?: number;
    /** Largest backoff step (ms); default 5000. */
    maxDelayMs?: number;
    /** Longest `EService: Throttled` wait honoured before giving up (ms); default 60000. */
    maxThrottleWaitMs?: number;
    /** Pause before reconciling an order of unknown outcome (ms); default 1000. */
    reconcileDelayMs?: number;
  };
  /** User-Agent header; default `krakenkit/<version> (+node)`. */
  userAgent?: string;
  /** One-time password provider for keys with 2FA on API calls; its value is sent in the body, never logged. */
  otp?: () => string;
  /** Clock, sleep and randomness, injectable so tests run without real waiting. */
  timers?: Partial<Timers>;
}

/** How a client shares its key through a state store (see {@link ClientOptions.store}). */
export interface ClientStoreOptions {
  /** The store every process using the key shares. */
  store: StateStore;
  /** The key's account in the store; default `accountIdOf(key.apiKey)` (a digest, never the key itself). */
  account?: AccountId;
  /**
   * How long a call holds the key's turn at most (ms; default 2,000): with nonce window 0 the key's other
   * processes wait while a call is in flight, so an unanswered call lets the next one go after this long (it
   * carries on, and an order is reconciled as usual). See `createStoreNonceSource`.
   */
  holdMs?: number;
  /** How long the store keeps the slot of a process that died mid-call (ms); default `holdMs` + 1,000. */
  leaseMs?: number;
}

/** Clock, sleep and randomness the client uses; injectable so tests run without real waiting. */
export interface Timers {
  /** Current time in ms since epoch. */
  now: () => number;
  /** Waits `ms`; rejects when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1), for retry jitter. */
  random: () => number;
}

/** Per-call options of every client method. */
export interface CallOptions {
  /** Cancels the call (waiting or in flight). An order call aborted in flight is still reconciled. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout (ms). */
  timeoutMs?: number;
  /**
   * Cancels only (CancelOrder, CancelOrderBatch): send at once, without waiting for room on the pair's
   * matching-engine counter, at the risk of `EOrder:Rate limit exceeded`. Still charged. Ignored on other calls.
   */
  urgent?: boolean;
  /**
   * A routine call (a bot's status poll, a balance refresh): it leaves the limiter's `backgroundReserve` of the
   * REST counter free for the other calls (a start-up, an order's lookup) and waits behind them. Its refill is
   * not lost: polls only run with the counter that much lower. Ignored on trading calls.
   */
  background?: boolean;
  /**
   * Fail with a RateLimitError at once (nothing sent, nothing charged) when the rate limiter would make the call
   * wait, as the client's `rateLimit.mode: 'fail-fast'` does for every call: a routine call its caller would
   * rather skip this time than be held by. Ignored on public calls.
   */
  failFast?: boolean;
  /**
   * A journal append taken in the same store step as the call's nonce (a shared guard's reservation: see
   * `@krakenkit/guard/shared`). Only a client that shares its key through `ClientOptions.store` can take it; the
   * call fails with a ConfigError otherwise, before anything is sent.
   */
  journal?: JournalStep;
}
