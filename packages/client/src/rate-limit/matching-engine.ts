import type { TradingAction } from '../endpoints/define.js';
import {
  DEFAULT_SINGLE_CANCEL_OVER_THRESHOLD,
  type SingleCancelOverThreshold,
  waitsForRoom,
} from './cancel-policy.js';
import { DecayingCounter, flightCorrection } from './decaying-counter.js';
import { DEFAULT_RATE_COUNTER_LAG_MS, ExchangeReports, reconciled } from './exchange-reports.js';
import { OrderRegistry, type TrackedOrder } from './order-registry.js';
import type { TradingLimits } from './tiers.js';
import { ADD_COST, agedCost, agedCostSteps, batchAddCost, worstCaseCost } from './trading-costs.js';
import { makePlan, type PairCharge, type TradingPlan } from './trading-plan.js';
import type { RateTicket } from './types.js';
import type { LoggedCharge } from './unreported-charges.js';

/** Kraken pair names reach the limiter as sent (`XBTUSD`, `XBT/USD`); one key per pair keeps one counter. */
export function defaultPairKey(pair: string): string {
  return pair.replace('/', '').toUpperCase();
}

/** How the matching engine treats cancels and the exchange's reports (see RateLimiterOptions). */
export interface MatchingEngineOptions {
  pairKey?: (pair: string) => string;
  registryCapacity?: number;
  singleCancelOverThreshold?: SingleCancelOverThreshold;
  rateCounterLagMs?: number;
}

/**
 * The matching-engine counters of one account, one per pair (docs/kraken/rate-limits.md), with the order registry that gives
 * amends and cancels their pair and age, and the exchange's own reports of the counters (executions `ratecount`).
 *
 * Unknown orders (placed elsewhere, or forgotten) are charged the worst case (age < 5 s). When neither the ticket
 * nor the registry names the pair, the call is charged to every pair the limiter tracks — Kraken charges one of
 * them, we cannot tell which, and over-counting only costs a little throughput; with no pair tracked yet nothing
 * is charged (every counter is then below the worst case anyway, and a rejection re-syncs).
 */
export class MatchingEngine {
  readonly registry: OrderRegistry;
  private readonly counters = new Map<string, DecayingCounter>();
  /** Pair keys by pair as sent (`pairKey` runs once per name, not once per order). */
  private readonly pairKeys = new Map<string, string>();
  /** The route of an add, by pair as sent: its plan depends on nothing else, so every add of a pair shares one. */
  private readonly addRoutes = new Map<string, AddRoute>();
  /** Adds sent but not yet observed, per pair: they will be open orders unless Kraken rejects them. */
  private readonly inFlightAdds = new Map<string, number>();
  private readonly pairKey: (pair: string) => string;
  private readonly singleCancel: SingleCancelOverThreshold;
  private readonly reports: ExchangeReports;

  constructor(
    readonly limits: TradingLimits,
    options: MatchingEngineOptions = {},
  ) {
    this.pairKey = options.pairKey ?? defaultPairKey;
    this.registry = new OrderRegistry(options.registryCapacity);
    this.singleCancel = options.singleCancelOverThreshold ?? DEFAULT_SINGLE_CANCEL_OVER_THRESHOLD;
    this.reports = new ExchangeReports(
      limits.threshold,
      limits.decayPerSecond,
      options.rateCounterLagMs ?? DEFAULT_RATE_COUNTER_LAG_MS,
    );
  }

  /** Resolves a trading ticket into per-pair charges at `now` (costs depend on order ages, so plan again later). */
  plan(ticket: RateTicket, action: TradingAction, now: number): TradingPlan {
    if (action === 'add' && ticket.pair !== undefined) return this.addRoute(ticket.pair).plan;
    const pair = ticket.pair === undefined ? undefined : this.normalizePair(ticket.pair);
    const ids = ticket.orderIds ?? [];
    switch (action) {
      case 'add':
        return makePlan(action, true, this.constant(pair, ADD_COST), 1);
      case 'batch-add': {
        const count = ticket.count ?? Math.max(1, ids.length);
        return makePlan(action, true, this.constant(pair, batchAddCost(count)), count);
      }
      case 'amend':
      case 'edit':
        return makePlan(action, true, this.agedCharge(action, ids[0], pair, now), 0, ids[0]);
      case 'cancel':
      case 'batch-cancel': {
        const waits = waitsForRoom(action, this.singleCancel, ticket.urgent === true);
        return makePlan(action, waits, this.cancelCharges(ids, ticket.count, pair, now), 0);
      }
      case 'cancel-all':
        return makePlan(action, false, this.cancelAllCharges(now), 0);
      case 'dead-man':
        return makePlan(action, false, [], 0);
    }
  }

  /**
   * Changes whenever a plan made now could come out differently at the same moment: an order added, forgotten or
   * touched, or a new pair counted (an add or cancel without a pair is charged to every counted pair).
   */
  get planVersion(): number {
    // Both only grow, so their sum changes whenever either does.
    return this.registry.version + this.counters.size;
  }

  /** Whole ms until every charge of `plan` fits under the threshold (0 = now; Infinity = never). */
  waitMs(plan: TradingPlan, now: number): number {
    if (!plan.waits) return 0;
    // Counters only fall and age-based costs only fall, so once a charge fits it keeps fitting: the moment all
    // fit is the latest of the moments each fits.
    let wait = 0;
    for (const charge of plan.charges) {
      wait = Math.max(wait, this.counter(charge.pair).waitMsForSteps(charge.steps, now));
    }
    return wait;
  }

  /**
   * The answer to a call charged at `sentAt` arrived at `now`. Kraken charged the pairs when the call arrived,
   * somewhere in between: put back, per pair, the decay the flight credited here that Kraken's count could not
   * have had (see flightCorrection; `levelsBefore` are the counts just before the charges), or the next add, sent
   * when the local count says it fits exactly, would arrive over it. A count that stayed above zero needs nothing.
   */
  settleFlight(
    pairs: readonly string[],
    costs: readonly number[],
    levelsBefore: readonly number[],
    sentAt: number,
    now: number,
  ): void {
    const { decayPerSecond } = this.limits;
    for (let index = 0; index < pairs.length; index++) {
      const back = flightCorrection(
        costs[index] ?? 0,
        levelsBefore[index] ?? 0,
        decayPerSecond,
        now - sentAt,
      );
      if (back > 0) this.counter(pairs[index]!).charge(back, now);
    }
  }

  /**
   * Charges the cost in force at `now` of every charge of `plan` (call only when `waitMs` is 0), and logs each charge
   * until the exchange's reports surely include it. Appends each pair's count just before its charge to
   * `levelsBefore` (for settleFlight).
   */
  commit(plan: TradingPlan, now: number, levelsBefore: number[]): LoggedCharge[] {
    const logged: LoggedCharge[] = [];
    const { pairs, costs } = plan;
    for (let index = 0; index < pairs.length; index++) {
      const pair = pairs[index]!;
      logged.push(this.chargeCounter(pair, this.counter(pair), costs[index]!, now, levelsBefore));
    }
    // The amend resets the order's age when Kraken receives it, not when we hear back: a second amend sent before
    // the answer must already pay the young-order price. (If the amend fails, the order only looks younger.)
    if (plan.resetsAgeOf !== undefined) this.registry.touch(plan.resetsAgeOf, now);
    return logged;
  }

  /** The answer to the call of these charges arrived. */
  settleCharges(charges: readonly LoggedCharge[], now: number): void {
    this.reports.settle(charges, now);
  }

  /**
   * The exchange reported `pair`'s counter (executions `ratecount`): it is the truth. The local counter stays as it
   * is while the report confirms it, and otherwise moves, up or down, to the report plus the charges it may not
   * include yet (see `reconciled`).
   */
  observeReport(pair: string, value: number, now: number): void {
    const key = this.normalizePair(pair);
    const counter = this.counter(key);
    counter.set(reconciled(counter.valueAt(now), this.reports.report(key, value, now)), now);
  }

  /**
   * The open-orders limit this plan would break, if any: the local count (created − closed) plus adds in flight.
   */
  openOrdersExceeded(plan: TradingPlan): { pair: string; open: number; max: number } | undefined {
    const pair = plan.charges[0]?.pair;
    if (plan.newOrders === 0 || pair === undefined || plan.charges.length !== 1) return undefined;
    const open = this.registry.openOrders(pair) + (this.inFlightAdds.get(pair) ?? 0);
    const max = this.limits.maxOpenOrdersPerPair;
    return open + plan.newOrders > max ? { pair, open, max } : undefined;
  }

  /** Counts (delta > 0) or releases (delta < 0) adds in flight on a pair. */
  adjustInFlightAdds(pair: string, delta: number): void {
    this.inFlightAdds.set(pair, Math.max(0, (this.inFlightAdds.get(pair) ?? 0) + delta));
  }

  /**
   * Kraken answered `EOrder:Rate limit exceeded`. It charged nothing for the call, so its charges come off the local
   * counters (what is left of each after the decay since it was made). Then each pair is re-synced: from the
   * exchange's reports when there are any (as `observeReport` would, but at least the threshold less the refused
   * cost, since the call did not fit); else, as a conservative fallback without reports, it is taken to be full.
   */
  resyncAfterRejection(pairs: readonly string[], charges: readonly LoggedCharge[], now: number): void {
    this.reports.forget(charges);
    const refused = new Map<string, number>();
    for (const charge of charges) {
      const left = charge.cost - (this.limits.decayPerSecond * Math.max(0, now - charge.at)) / 1000;
      const counter = this.counter(charge.pair);
      if (left > 0) counter.set(counter.valueAt(now) - left, now);
      refused.set(charge.pair, (refused.get(charge.pair) ?? 0) + charge.cost);
    }
    for (const pair of pairs) {
      const range = this.reports.range(pair, now);
      const counter = this.counter(pair);
      if (range === undefined) counter.snapToCap(now);
      else {
        const floor = this.limits.threshold - (refused.get(pair) ?? 0);
        counter.set(Math.max(reconciled(counter.valueAt(now), range), floor), now);
      }
    }
  }

  /** Kraken answered `EOrder:Orders limit exceeded`: the pair holds at least the maximum of open orders. */
  markOpenOrdersFull(pair: string): void {
    const max = this.limits.maxOpenOrdersPerPair;
    this.registry.setOpenOrders(pair, Math.max(this.registry.openOrders(pair), max));
  }

  /** A pair's counter at `now`, by key (see `normalizePair`). */
  counterValue(pairKey: string, now: number): number {
    return this.counters.get(pairKey)?.valueAt(now) ?? 0;
  }

  /** Pairs with a counter, by key. */
  knownPairs(): string[] {
    return [...this.counters.keys()];
  }

  /** The pairs a ticket acts on, by key: its own pair, else the registry's pair of its first order. */
  pairsOf(ticket: RateTicket): string[] {
    if (ticket.pair !== undefined) return [this.normalizePair(ticket.pair)];
    const pairs = new Set<string>();
    for (const id of ticket.orderIds ?? []) {
      const order = this.registry.find(id);
      if (order) pairs.add(order.pair);
    }
    return [...pairs];
  }

  /** Records what a successful trading call did to the orders: created, closed, amended. */
  observeSuccess(
    ticket: RateTicket,
    action: TradingAction | undefined,
    outcome: {
      created?: ReadonlyArray<{ id: string; clOrdId?: string; pair: string }>;
      closed?: readonly string[];
    },
    now: number,
  ): void {
    const ids = ticket.orderIds ?? [];
    const created = outcome.created ?? [];
    if (action === 'cancel-all') this.registry.closeAll();
    // A cancel that succeeded closed its orders; an edit that returned a new txid replaced its order.
    const closesTicketOrders =
      action === 'cancel' || action === 'batch-cancel' || (action === 'edit' && created.length > 0);
    for (const id of outcome.closed ?? (closesTicketOrders ? ids : [])) this.registry.close(id);
    if (action === 'amend' || (action === 'edit' && created.length === 0)) {
      for (const id of ids) this.registry.touch(id, now);
    }
    for (const order of created) {
      this.registry.add({ id: order.id, clOrdId: order.clOrdId, pair: this.normalizePair(order.pair) }, now);
    }
  }

  /** Re-syncs on Kraken's rejections: rate limit (see resyncAfterRejection), open-orders limit, unknown order. */
  observeError(
    ticket: RateTicket,
    action: TradingAction,
    code: string,
    call: { pairs: readonly string[]; charges: readonly LoggedCharge[] },
    now: number,
  ): void {
    const { pairs } = call;
    if (isTradingRateLimit(code)) this.resyncAfterRejection(pairs, call.charges, now);
    else if (code.startsWith('EOrder:Orders limit exceeded')) {
      for (const pair of pairs) this.markOpenOrdersFull(pair);
    } else if (code.startsWith('EOrder:Unknown order') && ticket.orderIds?.length === 1) {
      // The order is gone (filled or cancelled elsewhere): stop counting it as open.
      if (action === 'cancel' || action === 'amend' || action === 'edit')
        this.registry.close(ticket.orderIds[0]!);
    }
  }

  /** The pair's key (see `pairKey`); remembered per name, as `pairKey` is taken to be a pure function. */
  normalizePair(pair: string): string {
    let key = this.pairKeys.get(pair);
    if (key === undefined) {
      key = this.pairKey(pair);
      if (this.pairKeys.size >= MEMO_SIZE) this.pairKeys.clear();
      this.pairKeys.set(pair, key);
    }
    return key;
  }

  /** The route of an add on `pair` (as sent): its shared plan, its line, its cost and its pair's counter. */
  addRoute(pair: string): AddRoute {
    let route = this.addRoutes.get(pair);
    if (route === undefined) {
      const key = this.normalizePair(pair);
      const plan = makePlan('add', true, this.constant(key, ADD_COST), 1);
      route = { plan, key, lane: plan.lane as string, cost: ADD_COST, counter: this.counter(key) };
      if (this.addRoutes.size >= MEMO_SIZE) this.addRoutes.clear();
      this.addRoutes.set(pair, route);
    }
    return route;
  }

  /**
   * Charges an add by its route at `now` (call only when its counter has room), as `commit` would charge its plan;
   * appends the count just before to `levelsBefore` and returns the logged charge.
   */
  commitAdd(route: AddRoute, now: number, levelsBefore: number[]): LoggedCharge {
    return this.chargeCounter(route.key, route.counter, route.cost, now, levelsBefore);
  }

  /** Charges one pair's counter and logs the charge for the exchange's reports. */
  private chargeCounter(
    pair: string,
    counter: DecayingCounter,
    cost: number,
    now: number,
    levelsBefore: number[],
  ): LoggedCharge {
    levelsBefore.push(counter.valueAt(now));
    counter.charge(cost, now);
    return this.reports.record(pair, cost, now);
  }

  private counter(pair: string): DecayingCounter {
    let counter = this.counters.get(pair);
    if (!counter) {
      counter = new DecayingCounter(this.limits.threshold, this.limits.decayPerSecond);
      this.counters.set(pair, counter);
    }
    return counter;
  }

  private targets(pair: string | undefined): string[] {
    return pair === undefined ? this.knownPairs() : [pair];
  }

  private constant(pair: string | undefined, cost: number): PairCharge[] {
    return this.targets(pair).map((target) => ({ pair: target, steps: [{ fromMs: 0, cost }] }));
  }

  private agedCharge(
    action: 'amend' | 'edit',
    id: string | undefined,
    pair: string | undefined,
    now: number,
  ) {
    const order = id === undefined ? undefined : this.registry.find(id);
    const steps = order
      ? agedCostSteps(action, now - order.touchedAt)
      : [{ fromMs: 0, cost: worstCaseCost(action) }];
    return this.targets(order?.pair ?? pair).map((target) => ({ pair: target, steps }));
  }

  private cancelCharges(
    ids: readonly string[],
    count: number | undefined,
    pair: string | undefined,
    now: number,
  ): PairCharge[] {
    // One known order: its cost falls as it ages, so a held cancel may go as soon as the lower cost fits.
    const only = ids.length === 1 ? this.registry.find(ids[0]!) : undefined;
    if (only !== undefined)
      return [{ pair: only.pair, steps: agedCostSteps('cancel', now - only.touchedAt) }];
    const costs = new Map<string, number>();
    const add = (target: string, cost: number) => costs.set(target, (costs.get(target) ?? 0) + cost);
    let unknown = ids.length === 0 ? (count ?? 1) : 0;
    for (const id of ids) {
      const order = this.registry.find(id);
      if (order) add(order.pair, cancelCostOf(order, now));
      else unknown += 1;
    }
    if (unknown > 0) for (const target of this.targets(pair)) add(target, unknown * worstCaseCost('cancel'));
    return toCharges(costs);
  }

  private cancelAllCharges(now: number): PairCharge[] {
    const costs = new Map<string, number>();
    for (const order of this.registry.all()) {
      costs.set(order.pair, (costs.get(order.pair) ?? 0) + cancelCostOf(order, now));
    }
    return toCharges(costs);
  }
}

/**
 * What an add on one pair touches, found once per pair name: its plan (every add of the pair shares it), its pair's
 * key, the line it waits in, its cost, and its pair's counter (counters are never replaced, so a route stays valid).
 */
export interface AddRoute {
  readonly plan: TradingPlan;
  readonly key: string;
  readonly lane: string;
  readonly cost: number;
  readonly counter: DecayingCounter;
}

/** How many pair names the engine remembers (keys, add plans) before starting afresh: far more than Kraken lists. */
const MEMO_SIZE = 4_096;

/** Kraken's answer to a trading call that would pass the threshold. */
export function isTradingRateLimit(code: string): boolean {
  return code.startsWith('EOrder:Rate limit exceeded');
}

function cancelCostOf(order: TrackedOrder, now: number): number {
  return agedCost('cancel', now - order.touchedAt);
}

function toCharges(costs: Map<string, number>): PairCharge[] {
  return [...costs].map(([pair, cost]) => ({ pair, steps: [{ fromMs: 0, cost }] }));
}
