import type { TierName } from '@krakenkit/core';
import PQueue from 'p-queue';
import { ConfigError, normalizeKrakenCode } from '../errors/index.js';
import type { CallStep } from '../nonce/types.js';
import { MatchingEngine } from './matching-engine.js';
import {
  type Blocker,
  blockerError,
  type LimiterState,
  type Reservation,
  reserve,
  settleInFlight,
} from './reservation.js';
import { RestCounter } from './rest-counter.js';
import { SharedChargeRefused, type SharedCounterStore, SharedRestCounter } from './shared-rest-counter.js';
import { Throttle } from './throttle.js';
import { resolveHistoryCost, resolveTierLimits, type TierLimitOverrides, type TierLimits } from './tiers.js';
import type { RateBudget, RateLimiter, RateLimitMode, RateOutcome, RateTicket } from './types.js';

/** Waits `ms`, or rejects with `signal.reason` as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

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
   * Charge Kraken's REST counter in this store as well, so every process using the key stays within its one
   * budget together. The charge is handed to `send` (a CallStep) and taken by the client's store nonce source in
   * the same step as the call's nonce (`ClientOptions.store` wires both). A call that does not fit is not sent: it
   * waits (wait mode: as long as the store says, then goes through the limiter again) or fails fast; a store
   * failure fails the call (StoreUnavailableError) before it is sent. `budget()` still shows this process's own
   * charges. The matching-engine counters stay local.
   */
  store?: SharedCounterStore;
}

/** A RateLimiter with Kraken's REST and matching-engine counters. */
export interface KrakenRateLimiter extends RateLimiter {
  readonly tier: TierName;
  readonly limits: TierLimits;
  readonly historyCost: number;
  /** Sets the open-order count of a pair after counting them on the exchange (OpenOrders). */
  setOpenOrders(pair: string, count: number): void;
}

/**
 * Kraken's rate limits as a scheduler. Each counter has its own line (a p-queue of concurrency 1, ordered by
 * ticket priority: cancels 30 > orders 20 > queries 10): the REST counter, and each pair's matching-engine counter.
 * A call waits only in its own line, so a query waiting for REST budget never holds up an order or a cancel.
 * Waits are computed from the decay (no polling). Cancels never wait for a counter (they reduce risk) but are
 * charged. After `EService: Throttled: <ts>` no private call goes before <ts>; they are released by priority.
 */
export function createRateLimiter(options: RateLimiterOptions): KrakenRateLimiter {
  return new QueuedRateLimiter(options);
}

class QueuedRateLimiter implements KrakenRateLimiter {
  readonly tier: TierName;
  readonly limits: TierLimits;
  readonly historyCost: number;
  private readonly mode: RateLimitMode;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly state: LimiterState;
  private readonly shared: SharedRestCounter | undefined;
  private readonly lanes = new Map<string, PQueue>();
  /** Paused while Kraken throttles us; reopened when the hold ends, it lets the held calls go by priority. */
  private readonly throttleGate = new PQueue({ concurrency: 1 });
  private gateReopening: Promise<void> | undefined;

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
    this.mode = options.mode ?? 'wait';
    if (this.mode !== 'wait' && this.mode !== 'fail-fast') {
      throw new ConfigError([
        { path: 'mode', message: `got ${JSON.stringify(this.mode)}, expected wait|fail-fast` },
      ]);
    }
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? timerSleep;
    this.state = {
      rest: new RestCounter(this.limits.rest, this.historyCost),
      engine: new MatchingEngine(this.limits.trading, options.pairKey, options.maxTrackedOrders),
      throttle: new Throttle(),
      enforceOpenOrders: options.enforceOpenOrders ?? false,
      inFlight: new WeakMap(),
      restInFlight: new WeakMap(),
    };
    this.shared = options.store && new SharedRestCounter(options.store, this.limits.rest);
  }

  async run<T>(
    ticket: RateTicket,
    send: (admission?: CallStep) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    signal?.throwIfAborted();
    if (ticket.rate.kind === 'public') return send();
    for (;;) {
      const reservation = reserve(this.state, ticket, this.now());
      if (this.mode === 'fail-fast') this.admitNow(reservation);
      else await this.admitInLine(reservation, ticket.priority, signal);
      const shared = this.sharedFor(reservation);
      if (!shared) return send();
      try {
        return await send(shared.admission(reservation.restCost));
      } catch (error) {
        if (!(error instanceof SharedChargeRefused)) throw error;
        // Nothing was sent: this process's own count takes the charge back.
        this.state.rest.refund(reservation.restCost, this.now());
        this.state.restInFlight.delete(ticket);
        const refused = this.sharedBlocker(reservation, error.level, error.waitMs);
        if (this.mode === 'fail-fast' || !Number.isFinite(refused.waitMs)) throw blockerError(refused);
        await this.sleep(Math.max(1, refused.waitMs), signal);
      }
    }
  }

  observe(ticket: RateTicket, outcome: RateOutcome): void {
    const now = this.now();
    const { engine, rest, throttle } = this.state;
    const call = settleInFlight(this.state, ticket);
    const sent = this.state.restInFlight.get(ticket);
    this.state.restInFlight.delete(ticket);
    // The shared counter's flight is corrected by the nonce source that took the charge, when the call settles.
    if (sent !== undefined) rest.settleFlight(sent.cost, sent.at, now);
    if (call !== undefined) engine.settleFlight(call.pairs, call.costs, call.at, now);
    const action = ticket.rate.kind === 'trading' ? ticket.rate.action : undefined;
    if (outcome.ok) {
      engine.observeSuccess(ticket, action, outcome, now);
      return;
    }
    const code = normalizeKrakenCode(outcome.errorCode);
    if (throttle.observe(code, now)) return;
    if (code.startsWith('EAPI:Rate limit exceeded')) {
      rest.snapToCap(now);
      this.shared?.snapToCap();
    } else if (action !== undefined)
      engine.observeError(ticket, action, code, call?.pairs ?? engine.pairsOf(ticket), now);
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
        counter: rest.valueAt(now),
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
    const lane = reservation.lane === undefined ? undefined : this.lane(reservation.lane);
    if (!lane) {
      if (this.tryAdmit(reservation)) return;
      return this.waitAndAdmit(reservation, signal);
    }
    // Nobody ahead in the line: go now if the counter allows, without a trip through the queue.
    const idle = lane.size === 0 && lane.pending === 0;
    if (idle && this.tryAdmit(reservation)) return;
    await lane.add(() => this.waitAndAdmit(reservation, signal), { priority, signal });
  }

  private tryAdmit(reservation: Reservation): boolean {
    const now = this.now();
    const blocker = reservation.blocker(now);
    if (blocker && !Number.isFinite(blocker.waitMs)) throw blockerError(blocker);
    if (blocker) return false;
    reservation.commit(now);
    return true;
  }

  /** Sleeps exactly as long as the blocker says, then asks again (a cancel or a rejection may have charged meanwhile). */
  private async waitAndAdmit(reservation: Reservation, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      const blocker = reservation.blocker(now);
      if (!blocker) {
        reservation.commit(now);
        return;
      }
      if (!Number.isFinite(blocker.waitMs)) throw blockerError(blocker);
      await this.sleep(blocker.waitMs, signal);
    }
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

  private lane(key: string): PQueue {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new PQueue({ concurrency: 1 });
      this.lanes.set(key, lane);
    }
    return lane;
  }
}

/** Node's timers cap a delay at 2^31 − 1 ms; a longer wait is asked for again by the loop that sleeps. */
const MAX_TIMER_MS = 2_147_483_647;

function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
