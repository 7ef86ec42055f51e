import { type AssetPairsRaw, ConfigError, Decimal, type PairIndex, ValidationError } from '@krakenkit/core';
import { issuesFromZod } from '@krakenkit/core/config';
import type { AuditEvent, AuditListener } from './audit/audit-event.js';
import { sanitizeIntent } from './audit/sanitize.js';
import { type CompiledRules, compileRules } from './config/compile.js';
import { type GuardConfig, guardConfigSchema } from './config/schema.js';
import { type DecimalInput, toDecimal } from './decimal.js';
import type { Decision } from './decision.js';
import { evaluate } from './engine/check.js';
import type { CheckContext } from './engine/context.js';
import { rollLossDays, watchLosses } from './engine/loss-watch.js';
import { recordReservation } from './engine/reserve.js';
import type { GuardSeed } from './guard-seed.js';
import type { GuardIntent } from './intent.js';
import { buildGuardPairs } from './pairs/pair-index.js';
import type { GuardPair } from './pairs/pair-info.js';
import { applyEvent, type GuardEvent } from './state/events.js';
import type { ExchangeSnapshot } from './state/exchange-raw.js';
import { GuardState } from './state/guard-state.js';
import { type ReconcileReport, reconcileState } from './state/reconcile.js';
import { type SeedReport, seedState } from './state/seed.js';
import {
  type GuardSnapshot,
  type OrderView,
  orderViews,
  type PositionView,
  positionViews,
  snapshotOf,
} from './state/snapshot.js';
import { isTradingState, type TradingState } from './state/trading-state.js';

/** Best bid and ask of a pair. */
export interface PairTouch {
  bid: DecimalInput;
  ask: DecimalInput;
}

/** Options of a single check: the time to judge at (default: the guard's clock), and the bot it is for. */
export interface CheckOptions {
  now?: number;
  /**
   * The bot placing the order: its own loss limits apply too, and a reserved order's fills count in its PnL.
   * `guard.forBot(name)` sets it on every call.
   */
  bot?: string;
}

/** A decision that, when allowed, has been recorded: `ref` names the reservation in later events. */
export interface Reservation extends Decision {
  ref?: string;
}

/** The guard {@link createGuard} returns: decisions, reservations, state events and the kill switch. */
export interface Guard {
  /** Every violation of the rules by this intent. Pure and synchronous: no I/O, no state change. */
  check(intent: GuardIntent, options?: CheckOptions): Decision;
  /** check() and, if allowed, reserve its headroom in the same synchronous step (two orders cannot share it). */
  reserve(intent: GuardIntent, options?: CheckOptions): Reservation;
  /** Reserves a batch (one pair, as AddOrderBatch): all or nothing, each order checked after the ones before it. */
  reserveBatch(
    intents: readonly GuardIntent[],
    options?: CheckOptions,
  ): { allowed: boolean; decisions: Reservation[] };
  /** Feeds back an outcome (accepted, filled, cancelled, rejected, position closed, withdrawal sent). */
  apply(event: GuardEvent, options?: CheckOptions): boolean;
  /** The kill switch: ACTIVE, REDUCING (only position-reducing orders) or HALTED (nothing but cancels). */
  setTradingState(state: TradingState, reason?: string): void;
  /** The kill switch's state now, and why it is in that state. */
  tradingState(): { state: TradingState; reason: string };
  /**
   * Reference price of a pair: the mid (price band), or `{ bid, ask }` (mid = their average; market buys are then
   * sized at the ask and sells at the bid, as Kraken sizes them).
   */
  setReferencePrice(pair: string, price: DecimalInput | PairTouch, at?: number): void;
  /** USD price of an asset (withdrawal limits). */
  setUsdPrice(asset: string, price: DecimalInput, at?: number): void;
  /** New AssetPairs data (status changes, limits); config `pairs:` overrides stay on top. */
  updateAssetPairs(assetPairs: AssetPairsRaw): void;
  /** Adds exchange data (raw Kraken results) to the state. */
  seed(snapshot: ExchangeSnapshot): SeedReport;
  /** Replaces positions and orders with the exchange's, keeping in-flight reservations. */
  reconcile(snapshot: ExchangeSnapshot): ReconcileReport;
  /** Pools, pairs, counts: a read-only picture for status screens and tests. */
  snapshot(): GuardSnapshot;
  /** Open positions, oldest first per pair and side. O(n): for status output and audits, not the hot path. */
  positions(): PositionView[];
  /** Open and in-flight orders. O(n). */
  orders(): OrderView[];
  /** Subscribes to the audit trail; returns the unsubscribe function. */
  onAudit(listener: AuditListener): () => void;
  /**
   * The same guard, judging and reserving on behalf of one bot: its loss limits (`lossLimits.bots.<name>`) apply
   * on top of the account's, and the fills of orders it reserves count in its PnL. Pass it to guardClient to give a
   * bot its own door.
   */
  forBot(bot: string): Guard;
}

/** Options of createGuard beyond rules and state. */
export interface GuardOptions {
  /** Epoch-ms clock (default Date.now): injectable so tests and replays are deterministic. */
  clock?: () => number;
}

/**
 * Builds a guard from its rules (validated like a YAML file, errors as ConfigError) and an optional starting
 * state in Kraken's raw shapes.
 */
export function createGuard(rules: GuardConfig, seed?: GuardSeed, options: GuardOptions = {}): Guard {
  const parsed = guardConfigSchema.safeParse(rules, { reportInput: true });
  if (!parsed.success) throw new ConfigError(issuesFromZod(parsed.error.issues));
  const compiled = compileRules(parsed.data);
  const assetPairs = parsed.data.assetPairs ?? {};
  const pairs = buildGuardPairs(assetPairs, compiled.pairOverrides, compiled.table);
  rejectUnmatchedOverrides(pairs.unmatched, assetPairs);
  return new RuleEngine(compiled, pairs.index, seed, options.clock ?? Date.now);
}

// With AssetPairs at hand, a `pairs:` entry that names no pair is a mistake that would silently drop its limits.
function rejectUnmatchedOverrides(unmatched: readonly string[], assetPairs: AssetPairsRaw): void {
  if (Object.keys(assetPairs).length === 0) return;
  const issues = unmatched.map((name) => ({
    path: `pairs.${name}`,
    message:
      'names no pair in AssetPairs (by id, altname, wsname or BASE/QUOTE) and defines no base and quote',
  }));
  if (issues.length > 0) throw new ConfigError(issues);
}

class RuleEngine implements Guard {
  readonly #rules: CompiledRules;
  readonly #state: GuardState;
  readonly #clock: () => number;
  readonly #listeners = new Set<AuditListener>();
  #pairs: PairIndex<GuardPair>;

  constructor(
    rules: CompiledRules,
    pairs: PairIndex<GuardPair>,
    seed: GuardSeed | undefined,
    clock: () => number,
  ) {
    this.#rules = rules;
    this.#clock = clock;
    this.#pairs = pairs;
    this.#state = new GuardState(rules.table, rules.tier.trading.decayPerSecond);
    this.#state.tradingState = rules.tradingState;
    if (seed !== undefined) this.#applySeed(seed);
  }

  check(intent: GuardIntent, options?: CheckOptions): Decision {
    const now = options?.now ?? this.#clock();
    const { decision } = evaluate(intent, this.#context(now, options?.bot));
    this.#emitDecision('check', intent, decision, now, undefined, options?.bot);
    return decision;
  }

  reserve(intent: GuardIntent, options?: CheckOptions): Reservation {
    const now = options?.now ?? this.#clock();
    const evaluation = evaluate(intent, this.#context(now, options?.bot));
    const ref = evaluation.decision.allowed
      ? recordReservation(intent, evaluation, this.#state, now, options?.bot)
      : undefined;
    this.#emitDecision('reserve', intent, evaluation.decision, now, ref, options?.bot);
    return ref === undefined ? evaluation.decision : { ...evaluation.decision, ref };
  }

  reserveBatch(intents: readonly GuardIntent[], options?: CheckOptions) {
    const now = options?.now ?? this.#clock();
    const rates = this.#state.rates.save();
    const decisions: Reservation[] = [];
    for (const intent of intents) {
      const evaluation = evaluate(intent, this.#context(now, options?.bot), true);
      const ref = evaluation.decision.allowed
        ? recordReservation(intent, evaluation, this.#state, now, options?.bot)
        : undefined;
      this.#emitDecision('reserve', intent, evaluation.decision, now, ref, options?.bot);
      decisions.push(ref === undefined ? evaluation.decision : { ...evaluation.decision, ref });
    }
    const allowed = decisions.every((decision) => decision.allowed);
    // Kraken rejects the whole batch when one order fails validation: release what the others took.
    // Nothing is sent, so nothing is charged to the matching-engine counter either.
    if (!allowed) {
      for (const { ref } of decisions)
        if (ref !== undefined) this.apply({ type: 'order-rejected', ref }, { now });
      this.#state.rates.restore(rates);
      return { allowed, decisions: decisions.map(({ ref: _released, ...decision }) => decision) };
    }
    return { allowed, decisions };
  }

  apply(event: GuardEvent, options?: CheckOptions): boolean {
    const now = options?.now ?? this.#clock();
    const fill = event.type === 'order-filled' || event.type === 'trade';
    if (fill) rollLossDays(this.#rules, this.#state, now);
    const applied = applyEvent(this.#state, event, now, this.#pairs);
    if (fill && applied) watchLosses(this.#rules, this.#state, now);
    this.#emit({ type: 'event', at: now, event, applied });
    return applied;
  }

  setTradingState(state: TradingState, reason = ''): void {
    if (!isTradingState(state))
      throw new ValidationError('tradingState', state, 'ACTIVE, REDUCING or HALTED');
    const from = this.#state.tradingState;
    this.#state.tradingState = state;
    this.#state.tradingStateReason = reason;
    this.#emit({ type: 'trading-state', at: this.#clock(), from, to: state, reason });
  }

  tradingState() {
    return { state: this.#state.tradingState, reason: this.#state.tradingStateReason };
  }

  setReferencePrice(pair: string, price: DecimalInput | PairTouch, at = this.#clock()): void {
    const id = this.#pairs.get(pair)?.id ?? pair;
    const quote =
      typeof price === 'string' || Decimal.isDecimal(price)
        ? { price: toDecimal('price', price), at }
        : touchQuote(toDecimal('bid', price.bid), toDecimal('ask', price.ask), at);
    // Prices move PnL: the loss limits see every move, not only the ones a check happens to meet.
    rollLossDays(this.#rules, this.#state, at);
    this.#state.mids.set(id, quote);
    watchLosses(this.#rules, this.#state, at);
  }

  setUsdPrice(asset: string, price: DecimalInput, at = this.#clock()): void {
    const value = { price: toDecimal('price', price), at };
    rollLossDays(this.#rules, this.#state, at);
    this.#state.usdPrices.set(this.#rules.table.currencyOf(asset), value);
    watchLosses(this.#rules, this.#state, at);
  }

  updateAssetPairs(assetPairs: AssetPairsRaw): void {
    this.#pairs = buildGuardPairs(assetPairs, this.#rules.pairOverrides, this.#rules.table).index;
  }

  seed(snapshot: ExchangeSnapshot): SeedReport {
    const report = seedState(this.#state, this.#pairs, snapshot);
    this.#emit({ type: 'seed', at: this.#clock(), report });
    return report;
  }

  reconcile(snapshot: ExchangeSnapshot): ReconcileReport {
    const report = reconcileState(this.#state, this.#pairs, snapshot);
    this.#emit({ type: 'reconcile', at: this.#clock(), report });
    return report;
  }

  snapshot(): GuardSnapshot {
    return snapshotOf(this.#state, this.#rules, this.#pairs, this.#clock());
  }

  positions(): PositionView[] {
    return positionViews(this.#state);
  }

  orders(): OrderView[] {
    return orderViews(this.#state);
  }

  onAudit(listener: AuditListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  forBot(bot: string): Guard {
    const as = (options?: CheckOptions): CheckOptions => ({ ...options, bot });
    return Object.freeze({
      check: (intent: GuardIntent, options?: CheckOptions) => this.check(intent, as(options)),
      reserve: (intent: GuardIntent, options?: CheckOptions) => this.reserve(intent, as(options)),
      reserveBatch: (intents: readonly GuardIntent[], options?: CheckOptions) =>
        this.reserveBatch(intents, as(options)),
      apply: (event: GuardEvent, options?: CheckOptions) => this.apply(event, options),
      setTradingState: (state: TradingState, reason?: string) => this.setTradingState(state, reason),
      tradingState: () => this.tradingState(),
      setReferencePrice: (pair: string, price: DecimalInput | PairTouch, at?: number) =>
        this.setReferencePrice(pair, price, at),
      setUsdPrice: (asset: string, price: DecimalInput, at?: number) => this.setUsdPrice(asset, price, at),
      updateAssetPairs: (assetPairs: AssetPairsRaw) => this.updateAssetPairs(assetPairs),
      seed: (snapshot: ExchangeSnapshot) => this.seed(snapshot),
      reconcile: (snapshot: ExchangeSnapshot) => this.reconcile(snapshot),
      snapshot: () => this.snapshot(),
      positions: () => this.positions(),
      orders: () => this.orders(),
      onAudit: (listener: AuditListener) => this.onAudit(listener),
      forBot: (other: string) => this.forBot(other),
    });
  }

  #context(now: number, bot?: string): CheckContext {
    return { rules: this.#rules, pairs: this.#pairs, state: this.#state, now, bot };
  }

  #applySeed(seed: GuardSeed): void {
    const now = this.#clock();
    if (seed.tradingState !== undefined) this.#state.tradingState = seed.tradingState;
    this.#state.tradingStateReason = seed.tradingStateReason ?? '';
    for (const [pair, price] of Object.entries(seed.referencePrices ?? {}))
      this.setReferencePrice(pair, price, now);
    for (const [asset, price] of Object.entries(seed.usdPrices ?? {})) this.setUsdPrice(asset, price, now);
    for (const [index, past] of (seed.withdrawals ?? []).entries()) {
      const asset = past.asset === undefined ? 'USD' : this.#rules.table.currencyOf(past.asset);
      const amount = toDecimal(`withdrawals[${index}].amount`, past.amount ?? past.usd);
      const usd = toDecimal(`withdrawals[${index}].usd`, past.usd);
      this.#state.withdrawals.add({ ref: `past-${index}`, at: past.at, usd, asset, amount, status: 'sent' });
    }
    this.seed(seed);
  }

  #emitDecision(
    action: 'check' | 'reserve',
    intent: GuardIntent,
    decision: Decision,
    at: number,
    ref?: string,
    bot?: string,
  ) {
    if (this.#listeners.size === 0) return;
    this.#emit({
      type: 'decision',
      at,
      action,
      ...(bot === undefined ? {} : { bot }),
      intent: sanitizeIntent(intent),
      allowed: decision.allowed,
      violations: decision.violations,
      ...(decision.adjusted === undefined ? {} : { adjusted: decision.adjusted }),
      ...(ref === undefined ? {} : { ref }),
    });
  }

  #emit(event: AuditEvent): void {
    // An audit sink must never change a decision: a throwing listener is the listener's problem.
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {}
    }
  }
}

// A reference from the touch: the mid is their average; market orders are sized at the side they take.
function touchQuote(bid: Decimal, ask: Decimal, at: number) {
  return { price: bid.plus(ask).div(2), at, bid, ask };
}
