import type { RateClass } from '../endpoints/define.js';
import type { CallStep } from '../nonce/types.js';

/** What the limiter needs to know about one call before it is sent. */
export interface RateTicket {
  endpoint: string;
  rate: RateClass;
  /** Pair(s) the trading call acts on (altname or id, as sent); for cancels by id the limiter resolves it. */
  pair?: string;
  /** For cancels/amends/edits: the order ids (txid or cl_ord_id) whose age sets the penalty. */
  orderIds?: readonly string[];
  /** Number of orders in a batch. */
  count?: number;
  /** Scheduling priority: cancels before new orders before queries. Higher runs first. */
  priority: number;
  /**
   * A cancel the caller wants sent at once: it never waits for the matching-engine counter, even where the limiter
   * would hold it (see `RateLimiterOptions.singleCancelOverThreshold`), at the risk of `EOrder:Rate limit exceeded`.
   * Ignored on other calls (an add, amend or edit always waits for room).
   */
  urgent?: boolean;
  /**
   * A routine call (a bot's status poll) that leaves the limiter's `backgroundReserve` of the REST counter free
   * for the other calls, and waits behind them. Ignored on trading calls.
   */
  background?: boolean;
  /**
   * Fail with a RateLimitError at once (nothing sent, nothing charged) when the budget has no room for the call
   * now, instead of waiting for it: the limiter's fail-fast mode for this call alone. For a routine call its caller
   * would rather skip than be held by.
   */
  failFast?: boolean;
}

/** Scheduling priorities of calls waiting for budget: cancels first, then orders, then queries, then polls. */
export const PRIORITY = { cancel: 30, order: 20, query: 10, background: 5 } as const;

/** `wait`: hold a call until Kraken would accept it; `fail-fast`: throw RateLimitError instead. */
export type RateLimitMode = 'wait' | 'fail-fast';

/** A limiter's counters now: the REST call counter, each pair's matching-engine counter, and any throttle. */
export interface RateBudget {
  rest: { counter: number; max: number; decayPerSecond: number };
  trading: Record<string, { counter: number; threshold: number; decayPerSecond: number; openOrders: number }>;
  throttledUntil: number | undefined;
}

/**
 * Decides when a call may go: it waits (or fails fast) rather than send a call that would break a budget,
 * then charges the call. The client calls `run` for every request and `observe` for every outcome.
 */
export interface RateLimiter {
  /**
   * Runs `send` once the call fits the budget (or fails fast), charging the call to its counters. A limiter that
   * shares a counter through a state store passes `send` the charge to take with the call's nonce, in the same
   * store step (see `ClientOptions.store`); the client hands it to the key's nonce source.
   */
  run<T>(ticket: RateTicket, send: (admission?: CallStep) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Feed back what happened: order ids created (for age-based penalties) and Kraken rate errors (re-sync). */
  observe(ticket: RateTicket, outcome: RateOutcome): void;
  /** The counters as they stand now. */
  budget(): RateBudget;
  /**
   * The exchange reported a pair's matching-engine counter (the `ratecount` of the WebSocket v2 executions feed,
   * subscribed with `ratecounter: true`): the limiter takes it as the truth, allowing for its own charges the
   * report may not include yet. Optional: a limiter without it keeps its own model.
   */
  observeRateCounter?(pair: string, value: number): void;
}

/** What a call's answer told the limiter: orders created or closed, or Kraken's error code. */
export type RateOutcome =
  | {
      ok: true;
      created?: ReadonlyArray<{ id: string; clOrdId?: string; pair: string }>;
      closed?: readonly string[];
    }
  | { ok: false; errorCode: string };
