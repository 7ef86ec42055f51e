import { Decimal, type PairIndex, ValidationError } from '@krakenkit/core';
import type { CompiledRules } from '../config/compile.js';
import { type Dec, type DecimalInput, toDecimal } from '../decimal.js';
import type { GuardIntent } from '../intent.js';
import type { GuardPair } from '../pairs/pair-info.js';
import { applyEvent, type GuardEvent } from '../state/events.js';
import type { ExchangeSnapshot } from '../state/exchange-raw.js';
import { GuardState } from '../state/guard-state.js';
import { type ReconcileReport, reconcileState } from '../state/reconcile.js';
import { applyReservation, type ReservationRecord } from '../state/reservation-record.js';
import { type SeedContext, type SeedReport, seedState } from '../state/seed.js';
import { exportState } from '../state/state-export.js';
import { importState } from '../state/state-import.js';
import { isTradingState, type TradingState } from '../state/trading-state.js';
import { type Evaluation, evaluate } from './check.js';
import type { CheckContext } from './context.js';
import { rollLossDays, watchLosses } from './loss-watch.js';
import { planReservation } from './reserve.js';

/** A pair's reference price: the mid, or the touch (the mid is then their average). */
export type ReferencePrice = DecimalInput | { bid: DecimalInput; ask: DecimalInput };

/** How a guard core judges: the lease of an in-flight order, and whether an unseeded account may trade. */
export interface CoreOptions {
  leaseMs: number;
  unseededAllowed: boolean;
}

/** A decision and, when allowed, the reservation that records it (not yet applied). */
export interface Plan {
  evaluation: Evaluation;
  record: ReservationRecord | undefined;
}

/**
 * The guard's judgement over its state: decisions and plans (pure), and the changes that fold into the state:
 * reservations, events, exchange snapshots and the kill switch. Every change takes its time from the caller and
 * reads no clock, and none but seeding (the sizing of a market order on the book) reads a price, which the
 * caller passes, so a journal of changes folds into the same state in every process. Prices are local: set here,
 * never part of the exported state.
 */
export class GuardCore {
  readonly rules: CompiledRules;
  readonly options: CoreOptions;
  pairs: PairIndex<GuardPair>;
  state: GuardState;

  constructor(rules: CompiledRules, pairs: PairIndex<GuardPair>, options: CoreOptions) {
    this.rules = rules;
    this.pairs = pairs;
    this.options = options;
    this.state = this.#emptyState();
  }

  context(now: number, bot?: string): CheckContext {
    const { rules, pairs, state } = this;
    return { rules, pairs, state, now, bot, unseededAllowed: this.options.unseededAllowed };
  }

  /** Judges an intent. Pure: what check() answers. */
  judge(intent: GuardIntent, now: number, bot?: string): Evaluation {
    return evaluate(intent, this.context(now, bot));
  }

  /** Judges an intent and, when it is allowed, plans its reservation. Pure. */
  plan(intent: GuardIntent, now: number, by: { bot?: string; instance?: string }, batch = false): Plan {
    const evaluation = evaluate(intent, this.context(now, by.bot), batch);
    if (!evaluation.decision.allowed) return { evaluation, record: undefined };
    const record = planReservation(intent, evaluation, this.state, {
      now,
      owner: by.bot,
      instance: by.instance,
      leaseMs: this.options.leaseMs,
    });
    return { evaluation, record };
  }

  applyRecord(record: ReservationRecord): string | undefined {
    return applyReservation(record, this.state, this.pairs);
  }

  /** Applies an outcome at `at`, reported by instance `from`; fills move PnL, so the loss limits look. */
  applyEvent(event: GuardEvent, at: number, from?: string): boolean {
    const fill = event.type === 'order-filled' || event.type === 'trade';
    if (fill) rollLossDays(this.rules, this.state, at);
    const applied = applyEvent(this.state, event, at, this.pairs, from);
    if (fill && applied) watchLosses(this.rules, this.state, at);
    return applied;
  }

  /** Adds exchange data; market orders on the book are sized at `prices` (pair id → price) or the local mids. */
  seed(snapshot: ExchangeSnapshot, at: number, prices?: Readonly<Record<string, string>>): SeedReport {
    return seedState(this.state, this.pairs, snapshot, this.#seedContext(prices, at));
  }

  /**
   * Replaces positions and orders with the exchange's at `at`, keeping what the guard learned since `readAt`,
   * when the snapshot was read (see reconcileState).
   */
  reconcile(
    snapshot: ExchangeSnapshot,
    at: number,
    prices?: Readonly<Record<string, string>>,
    readAt?: number,
  ): ReconcileReport {
    return reconcileState(this.state, this.pairs, snapshot, at, this.#seedContext(prices, at), readAt);
  }

  /** The local mids of the pairs `snapshot`'s orders are on: what a journaled snapshot is sized with. */
  pricesFor(snapshot: ExchangeSnapshot): Record<string, string> {
    const prices: Record<string, string> = {};
    for (const order of Object.values(snapshot.openOrders?.open ?? {})) {
      const pair = this.pairs.get(order?.descr?.pair ?? '');
      const mid = pair === undefined ? undefined : this.state.mids.get(pair.id);
      if (pair !== undefined && mid !== undefined) prices[pair.id] = mid.price.toFixed();
    }
    return prices;
  }

  /** Sets the kill switch; returns the state it left. Throws a ValidationError for a state that is none. */
  setTradingState(state: TradingState, reason: string): TradingState {
    if (!isTradingState(state))
      throw new ValidationError('tradingState', state, 'ACTIVE, REDUCING or HALTED');
    const from = this.state.tradingState;
    this.state.tradingState = state;
    this.state.tradingStateReason = reason;
    return from;
  }

  setReferencePrice(pair: string, price: ReferencePrice, at: number): void {
    const id = this.pairs.get(pair)?.id ?? pair;
    const quote =
      typeof price === 'string' || Decimal.isDecimal(price)
        ? { price: toDecimal('price', price), at }
        : touchQuote(toDecimal('bid', price.bid), toDecimal('ask', price.ask), at);
    // Prices move PnL: the loss limits see every move, not only the ones a check happens to meet.
    rollLossDays(this.rules, this.state, at);
    this.state.mids.set(id, quote);
    watchLosses(this.rules, this.state, at);
  }

  setUsdPrice(asset: string, price: DecimalInput, at: number): void {
    const value = { price: toDecimal('price', price), at };
    rollLossDays(this.rules, this.state, at);
    this.state.usdPrices.set(this.rules.table.currencyOf(asset), value);
    watchLosses(this.rules, this.state, at);
  }

  exportState(): string {
    return exportState(this.state);
  }

  /** Replaces the state with exported text; this process's prices stay. Throws a ValidationError on bad text. */
  importState(text: string): void {
    const next = this.#emptyState();
    importState(next, text, this.pairs);
    for (const [pair, quote] of this.state.mids) next.mids.set(pair, quote);
    for (const [currency, price] of this.state.usdPrices) next.usdPrices.set(currency, price);
    this.state = next;
  }

  /** A copy to plan a batch on: each order judged after the ones before it, the real state untouched. */
  fork(): GuardCore {
    const copy = new GuardCore(this.rules, this.pairs, this.options);
    copy.state = this.state;
    copy.importState(this.exportState());
    return copy;
  }

  #emptyState(): GuardState {
    const state = new GuardState(this.rules.table, this.rules.tier.trading.decayPerSecond);
    state.tradingState = this.rules.tradingState;
    return state;
  }

  #seedContext(prices: Readonly<Record<string, string>> | undefined, at: number): SeedContext {
    if (prices === undefined) return { priceOf: (pairId) => this.state.mids.get(pairId)?.price, at };
    return { priceOf: (pairId) => priceFrom(prices, pairId), at };
  }
}

function priceFrom(prices: Readonly<Record<string, string>>, pairId: string): Dec | undefined {
  const text = Object.hasOwn(prices, pairId) ? prices[pairId] : undefined;
  return text === undefined ? undefined : toDecimal('price', text);
}

// A reference from the touch: the mid is their average; market orders are sized at the side they take.
function touchQuote(bid: Dec, ask: Dec, at: number) {
  return { price: bid.plus(ask).div(2), at, bid, ask };
}
