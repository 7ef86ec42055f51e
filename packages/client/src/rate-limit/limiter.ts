import type { TierName } from '@krakenkit/core';
import PQueue from 'p-queue';
import { ConfigError, normalizeKrakenCode } from '../errors/index.js';
import type { CallStep } from '../nonce/types.js';
import { resolveSingleCancelOverThreshold, type SingleCancelOverThreshold } from './cancel-policy.js';
import { DEFAULT_RATE_COUNTER_LAG_MS } from './exchange-reports.js';
import { Lines, type Sleep } from './lines.js';
import { isTradingRateLimit, MatchingEngine } from './matching-engine.js';
import {
  type Blocker,
  blockerError,
  chargeAddAtOnce,
  type LimiterState,
  type Reservation,
  reserve,
  settleInFlight,
} from './reservation.js';
import { RestCounter } from './rest-counter.js';
import { SharedChargeRefused, type SharedCounterStore, SharedRestCounter } from './shared-rest-counter.js';
import { Throttle } from './throttle.js';
import { resolveHistoryCost, resolveTierLimits, type TierLimitOverrides, type TierLimits } from './tiers.js';
import { timerSleep } from './timer-sleep.js';
import type { RateBudget, RateLimiter, RateLimitMode, RateOutcome, RateTicket } from './types.js';

export type { Sleep } from './lines.js';

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** The account's verification tier: sets Kraken's documented limits (see KRAKEN_TIER_LIMITS). */
  tier: TierName;
  /** `wait` (default): hold each call until Kraken would accept it. `fail-fast`: throw RateLimitError instead. */
  mode?: RateLimitMode;
  /** REST cost of the history calls. UNCONFIRMED: Kraken's pages say 2 or 4; default 4 (conservative). */
  historyCost?: number;
  /** Overrides of the tier's numbers, for when Kraken changes them. */
  limits?: TierLimitOverrides;
  /** The clock, in epoch ms (Kraken's throttle names a UNIX time). Default Date.now. */
  now?: () => number;
  /** How to wait; inject a virtual one in tests. Default: a timer, cancelled by the signal. */
  sleep?: Sleep;
  /** One key per pair, so `XBT/USD` and `XBTUSD` share a counter. Map Kraken pair ids to altnames here if needed. */
  pairKey?: (pair: string) => string;
  /**
   * Refuse (OpenOrdersLimitError) an add that would pass the open-orders maximum by the local count. Off by
   * default: fills are not seen by the limiter unless fed to `observe` as `closed`, so the count can be high.
   */
  enforceOpenOrders?: boolean;
  /** How many orders the registry remembers for age-based costs (oldest forgotten first). Default 10 000. */
  maxTrackedOrders?: number;
  /**
   * What Kraken does with a single cancel (REST CancelOrder, WebSocket `cancel_order`) that would take the pair's
   * matching-engine counter past the threshold. UNCONFIRMED: Kraken documents only batch cancels as accepted over
   * the threshold. `rejected` (default, conservative): the limiter holds a single cancel until it fits, ahead of
   * the pair's waiting adds, amends and edits; a cancel marked `urgent` still goes at once. `accepted`: single
   * cancels are sent at once and charged, like batch cancels. Batch cancels, CancelAll and the dead man's switch
   * are never held. See docs/kraken/rate-limits.md.
   */
  singleCancelOverThreshold?: SingleCancelOverThreshold;
  /**
   * How long after a trading call is let go the exchange's reported counter (the WebSocket executions feed's
   * `ratecount`, see `observeRateCounter`) surely includes it: its flight plus the feed's delay. Charges younger
   * than this, or still unanswered, are added on top of a report. UNCONFIRMED (no figure from Kraken): default
   * 2 000 ms.
   */
  rateCounterLagMs?: number;
  /**
   * Charge Kraken's REST counter in this store as well, so every process using the key stays within its one
   * budget together. The charge is handed to `send` (a CallStep) and taken by the client's store nonce source in
   * the same step as the call's nonce (`ClientOptions.store` wires both). A call that does not fit is not sent: it
   * waits (wait mode: as long as the store says, then goes through the limiter again) or fails fast; a store
   * failure fails the call (StoreUnavailableError) before it is sent. `budget()` shows the higher of this
   * process's own count and the key's shared level as the store last answered it (decayed since), so a routine
   * caller that asks it for room sees the other processes' use too. The matching-engine counters stay local.
   */
  store?: SharedCounterStore;
  /**
   * REST counter units a background call (`CallOptions.background`: a bot's routine polls) leaves free for the
   * other calls, here and, with `store`, on the key's shared counter: a restarted process's start-up or an
   * order's lookup then never waits behind the polls of every process on the key. Default 0.5: polls keep the
   * counter between max − 1.5 and max − 0.5, so a one-off call of cost 1 goes at once or after at most half a
   * unit of decay, ahead of every waiting poll (one second on the intermediate tier). A larger reserve lets more
   * one-off calls go at once; each unit of it is budget left unspent once (the polls' plateau is that much lower:
   * polls still use the whole refill). None when the REST max leaves no room for it beside the history cost;
   * with the history cost it must fit the max.
   */
  backgroundReserve?: number;
}

/** REST units a background call leaves free by default (RateLimiterOptions.backgroundReserve). */
export const DEFAULT_BACKGROUND_RESERVE = 0.5;

/** A RateLimiter with Kraken's REST and matching-engine counters. */
export interface KrakenRateLimiter extends RateLimiter {
  readonly tier: TierName;
  readonly limits: TierLimits;
  readonly historyCost: number;
  /** Whether a single cancel is taken to be accepted over the threshold (see RateLimiterOptions). */
  readonly singleCancelOverThreshold: SingleCancelOverThreshold;
  /**
   * The exchange reported a pair's matching-engine counter (`ratecount` of the WebSocket v2 executions feed when
   * subscribed with `ratecounter: true`; the WebSocket client feeds it here). The limiter takes it as the truth:
   * it keeps its own count while the report confirms it (between the report and the report plus its own charges
   * the report may not include yet, see `rateCounterLagMs`), and otherwise moves to the latter, up or down; between
   * reports its own model fills the gaps. After `EOrder:Rate limit exceeded` a pair with reports is re-synced from
   * them instead of being taken to be full. A value that is not a finite number ≥ 0 is ignored.
   */
  observeRateCounter(pair: string, value: number): void;
  /** Sets the open-order count of a pair after counting them on the exchange (OpenOrders). */
  setOpenOrders(pair: string, count: number): void;
}

/**
 * Kraken's rate limits as a scheduler. Each counter has its own line (a p-queue of concurrency 1, ordered by
 * ticket priority: cancels 30 > orders 20 > queries 10): the REST counter, and each pair's matching-engine counter.
 * A call waits only in its own line, so a query waiting for REST budget never holds up an order or a cancel.
 * Waits are computed from the decay (no polling). A single cancel waits in its pair's line ahead of the adds unless
 * `singleCancelOverThreshold` is `accepted` or the cancel is `urgent`; batch cancels never wait; every call is
 * charged. After `EService: Throttled: <ts>` no private call goes before <ts>; they are released by priority.
 */
export function createRateLimiter(options: RateLimiterOptions): KrakenRateLimiter {
  return new QueuedRateLimiter(options);
}

class QueuedRateLimiter implements KrakenRateLimiter {
  readonly tier: TierName;
  readonly limits: TierLimits;
  readonly historyCost: number;
  readonly singleCancelOverThreshold: SingleCancelOverThreshold;
  private readonly mode: RateLimitMode;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly state: LimiterState;
  private readonly shared: SharedRestCounter | undefined;
  private readonly lines: Lines;
  /** Paused while Kraken throttles us; reopened when the hold ends, it lets the held calls go by priority. */
  private readonly throttleGate = new PQueue({ concurrency: 1 });
  private gateReopening: Promise<void> | undefined;
  private readonly isIdle = (line: string): boolean => this.lines.isIdle(line);

  constructor(options: RateLimiterOptions) {
    this.tier = options.tier;
    this.limits = resolveTierLimits(options.tier, options.limits);
    this.historyCost = resolveHistoryCost(options.historyCost);
    if (this.historyCost > this.limits.rest.max) {
      throw new ConfigError([
        {
          path: 'historyCost',
          message: `${this.historyCost} exceeds the REST counter max ${this.limits.rest.max}`,
        },
      ]);
    }
    // The default shrinks to fit a small max (overridden limits); a reserve asked for must fit as it is.
    const restReserve =
      options.backgroundReserve ??
      Math.max(0, Math.min(DEFAULT_BACKGROUND_RESERVE, this.limits.rest.max - this.historyCost));
    if (
      !Number.isFinite(restReserve) ||
      restReserve < 0 ||
      restReserve + this.historyCost > this.limits.rest.max
    ) {
      throw new ConfigError([
        {
          path: 'backgroundReserve',
          message: `${restReserve}: expected a number ≥ 0 that leaves room for the history cost ${this.historyCost} under the REST counter max ${this.limits.rest.max}`,
        },
      ]);
    }
    this.singleCancelOverThreshold = resolveSingleCancelOverThreshold(options.singleCancelOverThreshold);
    this.mode = options.mode ?? 'wait';
    if (this.mode !== 'wait' && this.mode !== 'fail-fast') {
      throw new ConfigError([
        { path: 'mode', message: `got ${JSON.stringify(this.mode)}, expected wait|fail-fast` },
      ]);
    }
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? timerSleep;
    // A pair's line lets a held cancel past an add that is itself waiting for room; the REST line lets a call past
    // a background poll waiting for room above its reserve.
    this.lines = new Lines(this.sleep, (key) => key.startsWith('pair:') || key === 'rest');
    this.state = {
      rest: new RestCounter(this.limits.rest, this.historyCost),
      restReserve,
      engine: new MatchingEngine(this.limits.trading, {
        ...(options.pairKey === undefined ? {} : { pairKey: options.pairKey }),
        ...(options.maxTrackedOrders === undefined ? {} : { registryCapacity: options.maxTrackedOrders }),
        singleCancelOverThreshold: this.singleCancelOverThreshold,
        rateCounterLagMs: resolveLagMs(options.rateCounterLagMs),
      }),
      throttle: new Throttle(),
      enforceOpenOrders: options.enforceOpenOrders ?? false,
      inFlight: new WeakMap(),
      restInFlight: new WeakMap(),
    };
    this.shared = options.store && new SharedRestCounter(options.store, this.limits.rest, this.now);
  }

  run<T>(ticket: RateTicket, send: (admission?: CallStep) => Promise<T>, signal?: AbortSignal): Promise<T> {
    // Not async, so a call that may go at once is charged and handed to `send` in this very turn (no promise hop);
    // whatever throws on the way still reaches the caller as a rejection.
    try {
      signal?.throwIfAborted();
      const { rate } = ticket;
      if (rate.kind === 'public') return send();
      const now = this.now();
      // The usual order (an add on a named pair, nothing in its way) goes on a short path; anything else, and an add
      // that has to wait, goes through a reservation.
      if (
        rate.kind === 'trading' &&
        rate.action === 'add' &&
        ticket.pair !== undefined &&
        chargeAddAtOnce(this.state, ticket, ticket.pair, now, this.isIdle)
      ) {
        return send();
      }
      const reservation = reserve(this.state, ticket, now);
      if (!this.admitsAtOnce(reservation, ticket))
        return this.runAfterWaiting(ticket, send, signal, reservation);
      const shared = this.sharedFor(reservation);
      if (!shared) return send();
      return this.sendShared(ticket, send, signal, reservation, shared);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Whether the call went at once: in fail-fast mode when it fits (else it throws), in wait mode when nobody waits
   * ahead of it in its line and it fits. Charges the call when it does.
   */
  private admitsAtOnce(reservation: Reservation, ticket: RateTicket): boolean {
    if (this.failsFast(ticket)) {
      this.admitNow(reservation);
      return true;
    }
    // A call never goes ahead of calls waiting in its line, nor through a throttle (its gate releases by priority).
    const line = reservation.lane;
    if (line !== undefined && !this.lines.isIdle(line)) return false;
    return this.admit(reservation) === 0;
  }

  /** The slow path: waits for its turn and the budget, then sends (again, when the shared counter refused it). */
  private async runAfterWaiting<T>(
    ticket: RateTicket,
    send: (admission?: CallStep) => Promise<T>,
    signal: AbortSignal | undefined,
    first: Reservation,
  ): Promise<T> {
    for (let reservation = first; ; reservation = reserve(this.state, ticket, this.now())) {
      if (this.failsFast(ticket)) this.admitNow(reservation);
      else await this.admitInLine(reservation, ticket.priority, signal);
      const shared = this.sharedFor(reservation);
      if (!shared) return send();
      const sent = await this.trySendShared(ticket, send, signal, reservation, shared);
      if (sent.done) return sent.value;
    }
  }

  /** Sends a call already admitted with the key's shared REST charge; goes through the limiter again if refused. */
  private async sendShared<T>(
    ticket: RateTicket,
    send: (admission?: CallStep) => Promise<T>,
    signal: AbortSignal | undefined,
    reservation: Reservation,
    shared: SharedRestCounter,
  ): Promise<T> {
    const sent = await this.trySendShared(ticket, send, signal, reservation, shared);
    if (sent.done) return sent.value;
    return this.runAfterWaiting(ticket, send, signal, reserve(this.state, ticket, this.now()));
  }

  /**
   * Sends with the shared charge. When the store refuses it, nothing was sent: this process's own count takes the
   * charge back, and the call waits as long as the store says (wait mode) or fails (fail-fast).
   */
  private async trySendShared<T>(
    ticket: RateTicket,
    send: (admission?: CallStep) => Promise<T>,
    signal: AbortSignal | undefined,
    reservation: Reservation,
    shared: SharedRestCounter,
  ): Promise<{ done: true; value: T } | { done: false }> {
    try {
      return {
        done: true,
        value: await send(shared.admission(reservation.restCost, reservation.restHeadroom)),
      };
    } catch (error) {
      if (!(error instanceof SharedChargeRefused)) throw error;
      this.state.rest.refund(reservation.restCost, this.now());
      this.state.restInFlight.delete(ticket);
      const refused = this.sharedBlocker(reservation, error.level, error.waitMs);
      if (this.failsFast(ticket) || !Number.isFinite(refused.waitMs)) throw blockerError(refused);
      await this.sleep(Math.max(1, refused.waitMs), signal);
      return { done: false };
    }
  }

  observe(ticket: RateTicket, outcome: RateOutcome): void {
    const now = this.now();
    const { engine, rest, throttle } = this.state;
    const call = settleInFlight(this.state, ticket, now);
    const action = ticket.rate.kind === 'trading' ? ticket.rate.action : undefined;
    // Only a REST call has a REST charge in flight.
    const sent = action === undefined ? this.state.restInFlight.get(ticket) : undefined;
    if (sent !== undefined) {
      this.state.restInFlight.delete(ticket);
      // The shared counter's flight is corrected by the nonce source that took the charge, when the call settles.
      rest.settleFlight(sent.cost, sent.levelBefore, sent.at, now);
    }
    if (outcome.ok) {
      if (call !== undefined) engine.settleFlight(call.pairs, call.costs, call.levelsBefore, call.at, now);
      engine.observeSuccess(ticket, action, outcome, now);
      return;
    }
    const code = normalizeKrakenCode(outcome.errorCode);
    // A call refused for the rate limit was charged nothing by Kraken: observeError refunds its charge instead.
    if (call !== undefined && !isTradingRateLimit(code))
      engine.settleFlight(call.pairs, call.costs, call.levelsBefore, call.at, now);
    if (throttle.observe(code, now)) return;
    if (code.startsWith('EAPI:Rate limit exceeded')) {
      rest.snapToCap(now);
      this.shared?.snapToCap();
    } else if (action !== undefined) {
      const charged = call ?? { pairs: engine.pairsOf(ticket), charges: [] };
      engine.observeError(ticket, action, code, charged, now);
    }
  }

  observeRateCounter(pair: string, value: number): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return;
    this.state.engine.observeReport(pair, value, this.now());
  }

  budget(): RateBudget {
    const now = this.now();
    const { engine, rest, throttle } = this.state;
    const trading: RateBudget['trading'] = {};
    const { threshold, decayPerSecond } = this.limits.trading;
    for (const pair of new Set([...engine.knownPairs(), ...engine.registry.countedPairs()])) {
      const counter = engine.counterValue(pair, now);
      trading[pair] = { counter, threshold, decayPerSecond, openOrders: engine.registry.openOrders(pair) };
    }
    return {
      rest: {
        // With a shared counter, the key's level as last seen when other processes had it higher.
        counter: Math.max(rest.valueAt(now), this.shared?.levelAt(now) ?? 0),
        max: this.limits.rest.max,
        decayPerSecond: this.limits.rest.decayPerSecond,
      },
      trading,
      throttledUntil: throttle.activeUntil(now),
    };
  }

  setOpenOrders(pair: string, count: number): void {
    const { engine } = this.state;
    engine.registry.setOpenOrders(engine.normalizePair(pair), count);
  }

  private admitNow(reservation: Reservation): void {
    const blocker = reservation.blocker(this.now());
    if (blocker) throw blockerError(blocker);
    reservation.commit(this.now());
  }

  /** The call throws instead of waiting: the limiter's mode, or the call's own `failFast`. */
  private failsFast(ticket: RateTicket): boolean {
    return this.mode === 'fail-fast' || ticket.failFast === true;
  }

  /** The shared counter when the call's REST cost is also charged in the store. */
  private sharedFor(reservation: Reservation): SharedRestCounter | undefined {
    return reservation.restCost > 0 ? this.shared : undefined;
  }

  private sharedBlocker(reservation: Reservation, level: number, retryInMs: number): Blocker {
    const { max, decayPerSecond } = this.limits.rest;
    return {
      waitMs: retryInMs,
      counter: 'rest',
      detail: `the call costs ${reservation.restCost} on the key's shared REST counter, which is at ${level.toFixed(2)} of ${max} (decays ${decayPerSecond}/s)`,
    };
  }

  private async admitInLine(reservation: Reservation, priority: number, signal: AbortSignal | undefined) {
    // While Kraken throttles us, every private call lines up at one gate and leaves it by priority.
    while (this.state.throttle.waitMs(this.now()) > 0) {
      this.closeGateUntilThrottleEnds();
      await this.throttleGate.add(() => undefined, { priority, signal });
    }
    const admit = () => this.admit(reservation);
    const line = reservation.lane;
    if (line === undefined) {
      for (let waitMs = admit(); waitMs > 0; waitMs = admit()) await this.sleep(waitMs, signal);
      return;
    }
    // Nobody ahead in the line: go now if the counter allows, without a trip through the queue.
    if (this.lines.isIdle(line) && admit() === 0) return;
    await this.lines.enter(line, priority, signal, admit);
  }

  /**
   * Charges the call and returns 0 when nothing blocks it now; otherwise the exact ms to wait before asking again
   * (a cancel or a rejection may charge meanwhile). Throws when it can never go.
   */
  private admit(reservation: Reservation): number {
    const now = this.now();
    const blocker = reservation.blocker(now);
    if (!blocker) {
      reservation.commit(now);
      return 0;
    }
    if (!Number.isFinite(blocker.waitMs)) throw blockerError(blocker);
    return blocker.waitMs;
  }

  private closeGateUntilThrottleEnds(): void {
    if (this.gateReopening) return;
    this.throttleGate.pause();
    this.gateReopening = this.sleepThroughThrottle()
      .catch(() => undefined)
      .finally(() => {
        this.gateReopening = undefined;
        this.throttleGate.start();
      });
  }

  /** One shared timer, tied to no caller's signal; a later, longer hold extends it. */
  private async sleepThroughThrottle(): Promise<void> {
    const { throttle } = this.state;
    for (let wait = throttle.waitMs(this.now()); wait > 0; wait = throttle.waitMs(this.now())) {
      await this.sleep(wait);
    }
  }
}

function resolveLagMs(value: number | undefined): number {
  if (value === undefined) return DEFAULT_RATE_COUNTER_LAG_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError([
      {
        path: 'rateCounterLagMs',
        message: `got ${JSON.stringify(value)}, expected a finite number of ms >= 0`,
      },
    ]);
  }
  return value;
}
