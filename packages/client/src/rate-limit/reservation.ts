import type { TradingAction } from '../endpoints/define.js';
import { RateLimitError } from '../errors/index.js';
import type { MatchingEngine } from './matching-engine.js';
import { OpenOrdersLimitError } from './open-orders-error.js';
import type { RestCounter } from './rest-counter.js';
import type { Throttle } from './throttle.js';
import type { TradingPlan } from './trading-plan.js';
import type { RateTicket } from './types.js';
import type { LoggedCharge } from './unreported-charges.js';

/** What holds a call back at one moment, and for how long (Infinity: it can never go). */
export interface Blocker {
  waitMs: number;
  counter: 'rest' | 'trading' | 'throttle';
  detail: string;
}

/** One private call's claim on the counters: ask what blocks it, then charge it the moment nothing does. */
export interface Reservation {
  /**
   * Calls of one lane wait in line for the same counter, by priority (a held single cancel goes before the pair's
   * waiting adds); undefined: the call never waits for a counter (batch cancels, urgent cancels, CancelAll).
   */
  lane: string | undefined;
  /** What the call costs on Kraken's REST counter (0 for trading calls). */
  restCost: number;
  /** REST units the call must leave free above its own cost (a background call's reserve); 0 for the others. */
  restHeadroom: number;
  /** What stops the call at `now`, or undefined when it may go. Throws OpenOrdersLimitError when it never may. */
  blocker(now: number): Blocker | undefined;
  /** Charges the call at `now`; call only right after `blocker(now)` returned undefined. */
  commit(now: number): void;
}

export interface InFlightCall {
  pairs: readonly string[];
  newOrders: number;
  /** What each pair was charged, its count just before, and when (see MatchingEngine.settleFlight). */
  costs: readonly number[];
  levelsBefore: readonly number[];
  at: number;
  /** The charges as logged for the exchange's reports (see ExchangeReports). */
  charges: readonly LoggedCharge[];
}

export interface LimiterState {
  rest: RestCounter;
  /** The REST units a background call leaves free (RateLimiterOptions.backgroundReserve). */
  restReserve: number;
  engine: MatchingEngine;
  throttle: Throttle;
  enforceOpenOrders: boolean;
  /** Each trading ticket sent and not yet observed: the pairs charged (a rejection re-syncs those counters) and
   * the adds it put in flight (counted against the open-orders limit until the outcome is known). */
  inFlight: WeakMap<RateTicket, InFlightCall>;
  /**
   * Each REST ticket sent and not yet observed: its cost, the count just before it and when it was charged (see
   * RestCounter.settleFlight).
   */
  restInFlight: WeakMap<RateTicket, { cost: number; levelBefore: number; at: number }>;
}

/** Builds the reservation of a private call (public calls use no counter and never get here). */
export function reserve(state: LimiterState, ticket: RateTicket, now: number): Reservation {
  return ticket.rate.kind === 'trading'
    ? new TradingReservation(state, ticket, ticket.rate.action, now)
    : new RestReservation(state, ticket);
}

/** The error fail-fast mode throws, and wait mode throws for a call that could never go. */
export function blockerError(blocker: Blocker): RateLimitError {
  return new RateLimitError(blocker.counter, blocker.waitMs, blocker.detail);
}

/** The outcome of a ticket's call is known at `now`: its adds are no longer in flight. Returns what it was charged. */
export function settleInFlight(
  state: LimiterState,
  ticket: RateTicket,
  now: number,
): InFlightCall | undefined {
  const call = state.inFlight.get(ticket);
  if (!call) return undefined;
  state.inFlight.delete(ticket);
  if (call.newOrders > 0) state.engine.adjustInFlightAdds(call.pairs[0]!, -call.newOrders);
  state.engine.settleCharges(call.charges, now);
  return call;
}

function throttleBlocker(throttle: Throttle, now: number): Blocker | undefined {
  const waitMs = throttle.waitMs(now);
  if (waitMs === 0) return undefined;
  const until = new Date(throttle.activeUntil(now) ?? now).toISOString();
  return { waitMs, counter: 'throttle', detail: `Kraken throttled private calls until ${until}` };
}

/** A call on the REST counter: its cost is fixed by its class. */
class RestReservation implements Reservation {
  readonly lane = 'rest';
  readonly restCost: number;
  /** The units this call leaves free above it: the reserve for a background call, else none. */
  readonly restHeadroom: number;

  constructor(
    private readonly state: LimiterState,
    private readonly ticket: RateTicket,
  ) {
    this.restCost = state.rest.costOf(ticket.rate);
    this.restHeadroom = ticket.background === true && this.restCost > 0 ? state.restReserve : 0;
  }

  blocker(now: number): Blocker | undefined {
    const { rest, throttle } = this.state;
    const throttled = throttleBlocker(throttle, now);
    if (throttled) return throttled;
    const cost = this.restCost;
    const waitMs = rest.waitMs(cost + this.restHeadroom, now);
    if (waitMs === 0) return undefined;
    const { max, decayPerSecond } = rest.limits;
    const leaves = this.restHeadroom > 0 ? `, leaving ${this.restHeadroom} free for other calls` : '';
    return {
      waitMs,
      counter: 'rest',
      detail: `${this.ticket.endpoint} costs ${cost} on the REST counter${leaves}, which is at ${round(rest.valueAt(now))} of ${max} (decays ${decayPerSecond}/s)`,
    };
  }

  commit(now: number): void {
    const cost = this.restCost;
    const { rest } = this.state;
    const levelBefore = rest.valueAt(now);
    rest.tryCharge(cost, now);
    if (cost > 0) this.state.restInFlight.set(this.ticket, { cost, levelBefore, at: now });
  }
}

/**
 * A trading call. Costs depend on order ages and on what other calls did meanwhile (an amend sent a moment ago made
 * its order young again), so the plan is made again whenever the moment or the engine's orders changed (see
 * `MatchingEngine.planVersion`); a call admitted at once plans once.
 */
class TradingReservation implements Reservation {
  readonly lane: string | undefined;
  readonly restCost = 0;
  readonly restHeadroom = 0;
  private plan: TradingPlan;
  private plannedAt: number;
  private plannedVersion: number;

  constructor(
    private readonly state: LimiterState,
    private readonly ticket: RateTicket,
    private readonly action: TradingAction,
    now: number,
  ) {
    this.plan = state.engine.plan(ticket, action, now);
    this.plannedAt = now;
    this.plannedVersion = state.engine.planVersion;
    this.lane = this.plan.lane;
  }

  blocker(at: number): Blocker | undefined {
    const { engine, throttle } = this.state;
    const throttled = throttleBlocker(throttle, at);
    if (throttled) return throttled;
    const plan = this.planAt(at);
    const full = this.state.enforceOpenOrders ? engine.openOrdersExceeded(plan) : undefined;
    if (full) throw new OpenOrdersLimitError(full.pair, full.open, full.max, plan.newOrders);
    const waitMs = engine.waitMs(plan, at);
    return waitMs === 0 ? undefined : tradingBlocker(engine, this.ticket, plan, waitMs, at);
  }

  commit(at: number): void {
    const { state, ticket } = this;
    const plan = this.planAt(at);
    const levelsBefore: number[] = [];
    const charges = state.engine.commit(plan, at, levelsBefore);
    recordInFlight(state, ticket, plan, at, levelsBefore, charges);
  }

  /** The plan in force at `at`: the last one while neither the moment nor the engine's orders changed. */
  private planAt(at: number): TradingPlan {
    const { engine } = this.state;
    const version = engine.planVersion;
    if (at !== this.plannedAt || version !== this.plannedVersion) {
      this.plan = engine.plan(this.ticket, this.action, at);
      this.plannedAt = at;
      this.plannedVersion = version;
    }
    return this.plan;
  }
}

/**
 * An add on a named pair let go at once when nothing stands in its way: no throttle, nobody waiting in its pair's
 * line (`isIdle`), no open-orders limit to enforce, and room under the threshold now. Every order takes this path,
 * so it skips what other calls need (a reservation, a plan checked for changes, a wait computed over falling
 * costs) and charges exactly what a reservation would. False, with nothing charged, leaves the call to the
 * general path.
 */
export function chargeAddAtOnce(
  state: LimiterState,
  ticket: RateTicket,
  pair: string,
  now: number,
  isIdle: (lane: string) => boolean,
): boolean {
  if (state.enforceOpenOrders || state.throttle.waitMs(now) > 0) return false;
  const { engine } = state;
  const route = engine.addRoute(pair);
  if (!isIdle(route.lane) || !route.counter.fits(route.cost, now)) return false;
  const levelsBefore: number[] = [];
  const charge = engine.commitAdd(route, now, levelsBefore);
  recordInFlight(state, ticket, route.plan, now, levelsBefore, [charge]);
  return true;
}

/** Records a trading call just charged as in flight until its outcome is observed. */
function recordInFlight(
  state: LimiterState,
  ticket: RateTicket,
  plan: TradingPlan,
  at: number,
  levelsBefore: readonly number[],
  charges: readonly LoggedCharge[],
): void {
  // A ticket run again before its outcome was observed: the earlier call's adds are no longer in flight.
  settleInFlight(state, ticket, at);
  const { pairs } = plan;
  // Adds in flight count only against the open-orders limit: counted when it is enforced.
  const newOrders = state.enforceOpenOrders && pairs.length === 1 ? plan.newOrders : 0;
  if (newOrders > 0) state.engine.adjustInFlightAdds(pairs[0]!, newOrders);
  state.inFlight.set(ticket, { pairs, newOrders, costs: plan.costs, levelsBefore, at, charges });
}

function tradingBlocker(
  engine: MatchingEngine,
  ticket: RateTicket,
  plan: TradingPlan,
  waitMs: number,
  now: number,
): Blocker {
  const where = plan.charges
    .map(
      (charge) =>
        `${charge.pair} at ${round(engine.counterValue(charge.pair, now))} (+${charge.steps[0]!.cost})`,
    )
    .join(', ');
  const { threshold, decayPerSecond } = engine.limits;
  return {
    waitMs,
    counter: 'trading',
    detail: `${ticket.endpoint} would pass the matching-engine threshold ${threshold} (decays ${decayPerSecond}/s): ${where}`,
  };
}

function round(value: number): string {
  return value.toFixed(2);
}
