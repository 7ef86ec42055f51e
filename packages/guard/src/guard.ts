import type { AssetPairsRaw } from '@krakenkit/core';
import type { AuditListener } from './audit/audit-event.js';
import { AuditHub } from './audit/audit-hub.js';
import type { GuardConfig } from './config/schema.js';
import { type DecimalInput, toDecimal } from './decimal.js';
import type { Decision } from './decision.js';
import { GuardCore } from './engine/guard-core.js';
import { compileGuard, leaseMsOf } from './guard-build.js';
import type { GuardSeed } from './guard-seed.js';
import type { GuardIntent } from './intent.js';
import { buildGuardPairs } from './pairs/pair-index.js';
import type { GuardEvent } from './state/events.js';
import type { ExchangeSnapshot } from './state/exchange-raw.js';
import { type ReconcileOptions, type ReconcileReport, readAtOf } from './state/reconcile.js';
import type { SeedReport } from './state/seed.js';
import {
  type GuardSnapshot,
  type OrderView,
  orderViews,
  type PositionView,
  positionViews,
  snapshotOf,
} from './state/snapshot.js';
import type { TradingState } from './state/trading-state.js';

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
  /**
   * Adds exchange data (raw Kraken results) to the state. One with both `openOrders` and `openPositions` seeds
   * the guard: until then it refuses orders and withdrawals (see {@link GuardOptions.unseeded}).
   */
  seed(snapshot: ExchangeSnapshot): SeedReport;
  /**
   * Replaces positions and orders with the exchange's, keeping in-flight reservations the exchange does not show
   * yet while their lease lasts ({@link GuardOptions.leaseMs}); seeds the guard like {@link seed}. With
   * `options.readAt`, when the snapshot was read (the time just before its first request was sent), what the guard
   * learned since is kept: an order it saw cancelled after that is not revived, an order it placed after that
   * stays, and a fill it applied after that is not undone. Throws a ValidationError naming `readAt` for a time that
   * is not a finite non-negative number.
   */
  reconcile(snapshot: ExchangeSnapshot, options?: ReconcileOptions): ReconcileReport;
  /** Pools, pairs, counts: a read-only picture for status screens and tests. */
  snapshot(): GuardSnapshot;
  /** Open positions, oldest first per pair and side. O(n): for status output and audits, not the hot path. */
  positions(): PositionView[];
  /** Open and in-flight orders. O(n). */
  orders(): OrderView[];
  /** Subscribes to the audit trail; returns the unsubscribe function. */
  onAudit(listener: AuditListener): () => void;
  /**
   * Everything the state holds that orders, events and the exchange decided (positions, orders in flight and
   * open, cancelled orders kept for fills reported late, the withdrawal window, rate counters, the kill switch,
   * whether it was seeded, PnL), as JSON text.
   * Reference and USD prices are left out: they are the process's view of the market.
   */
  exportState(): string;
  /** Replaces the state with text from {@link exportState} (prices stay). Throws a ValidationError on bad text. */
  importState(state: string): void;
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
  /**
   * What the guard does before it has been seeded with the account's open orders and positions: `'refuse'`
   * (default) refuses orders and withdrawals with `EGuard:Guard not seeded` (cancels pass); `'allow'` judges them
   * as if the account were empty: for tests and spot-only scripts that know the account is empty.
   */
  unseeded?: 'refuse' | 'allow';
  /**
   * How long an order sent with no answer yet (in flight) holds its headroom at most, in ms (default 60,000:
   * longer than a request's timeout). After that, a reconcile that does not show it drops it.
   */
  leaseMs?: number;
}

/**
 * Builds a guard from its rules (validated like a YAML file, errors as ConfigError) and its starting state in
 * Kraken's raw shapes. Without a seed holding both `openOrders` and `openPositions` the guard refuses orders and
 * withdrawals until `seed()` or `reconcile()` gives it them (fail closed), unless `options.unseeded` is `'allow'`.
 */
export function createGuard(rules: GuardConfig, seed?: GuardSeed, options: GuardOptions = {}): Guard {
  const { compiled, pairs } = compileGuard(rules);
  const core = new GuardCore(compiled, pairs, {
    leaseMs: leaseMsOf(options.leaseMs),
    unseededAllowed: options.unseeded === 'allow',
  });
  return new RuleEngine(core, seed, options.clock ?? Date.now);
}

class RuleEngine implements Guard {
  readonly #core: GuardCore;
  readonly #clock: () => number;
  readonly #audit = new AuditHub();

  constructor(core: GuardCore, seed: GuardSeed | undefined, clock: () => number) {
    this.#core = core;
    this.#clock = clock;
    if (seed !== undefined) this.#applySeed(seed);
  }

  check(intent: GuardIntent, options?: CheckOptions): Decision {
    const now = options?.now ?? this.#clock();
    const { decision } = this.#core.judge(intent, now, options?.bot);
    this.#audit.decision('check', intent, decision, now, undefined, options?.bot);
    return decision;
  }

  reserve(intent: GuardIntent, options?: CheckOptions): Reservation {
    const now = options?.now ?? this.#clock();
    const { evaluation, record } = this.#core.plan(intent, now, byOf(options));
    const ref = record === undefined ? undefined : this.#core.applyRecord(record);
    this.#audit.decision('reserve', intent, evaluation.decision, now, ref, options?.bot);
    return ref === undefined ? evaluation.decision : { ...evaluation.decision, ref };
  }

  reserveBatch(intents: readonly GuardIntent[], options?: CheckOptions) {
    const now = options?.now ?? this.#clock();
    const rates = this.#core.state.rates.save();
    const decisions: Reservation[] = [];
    for (const intent of intents) {
      const { evaluation, record } = this.#core.plan(intent, now, byOf(options), true);
      const ref = record === undefined ? undefined : this.#core.applyRecord(record);
      this.#audit.decision('reserve', intent, evaluation.decision, now, ref, options?.bot);
      decisions.push(ref === undefined ? evaluation.decision : { ...evaluation.decision, ref });
    }
    const allowed = decisions.every((decision) => decision.allowed);
    // Kraken rejects the whole batch when one order fails validation: release what the others took.
    // Nothing is sent, so nothing is charged to the matching-engine counter either.
    if (!allowed) {
      for (const { ref } of decisions)
        if (ref !== undefined) this.apply({ type: 'order-rejected', ref }, { now });
      this.#core.state.rates.restore(rates);
      return { allowed, decisions: decisions.map(({ ref: _released, ...decision }) => decision) };
    }
    return { allowed, decisions };
  }

  apply(event: GuardEvent, options?: CheckOptions): boolean {
    const now = options?.now ?? this.#clock();
    const applied = this.#core.applyEvent(event, now);
    this.#audit.emit({ type: 'event', at: now, event, applied });
    return applied;
  }

  setTradingState(state: TradingState, reason = ''): void {
    const from = this.#core.setTradingState(state, reason);
    this.#audit.emit({ type: 'trading-state', at: this.#clock(), from, to: state, reason });
  }

  tradingState() {
    const { state } = this.#core;
    return { state: state.tradingState, reason: state.tradingStateReason };
  }

  setReferencePrice(pair: string, price: DecimalInput | PairTouch, at = this.#clock()): void {
    this.#core.setReferencePrice(pair, price, at);
  }

  setUsdPrice(asset: string, price: DecimalInput, at = this.#clock()): void {
    this.#core.setUsdPrice(asset, price, at);
  }

  updateAssetPairs(assetPairs: AssetPairsRaw): void {
    const { rules } = this.#core;
    this.#core.pairs = buildGuardPairs(assetPairs, rules.pairOverrides, rules.table).index;
  }

  seed(snapshot: ExchangeSnapshot): SeedReport {
    const at = this.#clock();
    const report = this.#core.seed(snapshot, at);
    this.#audit.emit({ type: 'seed', at, report });
    return report;
  }

  reconcile(snapshot: ExchangeSnapshot, options?: ReconcileOptions): ReconcileReport {
    const readAt = readAtOf(options);
    const at = this.#clock();
    const report = this.#core.reconcile(snapshot, at, undefined, readAt);
    this.#audit.emit({ type: 'reconcile', at, report });
    return report;
  }

  snapshot(): GuardSnapshot {
    const { state, rules, pairs } = this.#core;
    return snapshotOf(state, rules, pairs, this.#clock());
  }

  positions(): PositionView[] {
    return positionViews(this.#core.state);
  }

  orders(): OrderView[] {
    return orderViews(this.#core.state);
  }

  onAudit(listener: AuditListener): () => void {
    return this.#audit.subscribe(listener);
  }

  exportState(): string {
    return this.#core.exportState();
  }

  importState(state: string): void {
    this.#core.importState(state);
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
      reconcile: (snapshot: ExchangeSnapshot, options?: ReconcileOptions) =>
        this.reconcile(snapshot, options),
      snapshot: () => this.snapshot(),
      positions: () => this.positions(),
      orders: () => this.orders(),
      onAudit: (listener: AuditListener) => this.onAudit(listener),
      exportState: () => this.exportState(),
      importState: (state: string) => this.importState(state),
      forBot: (other: string) => this.forBot(other),
    });
  }

  #applySeed(seed: GuardSeed): void {
    const now = this.#clock();
    const { state, rules } = this.#core;
    if (seed.tradingState !== undefined) state.tradingState = seed.tradingState;
    state.tradingStateReason = seed.tradingStateReason ?? '';
    for (const [pair, price] of Object.entries(seed.referencePrices ?? {}))
      this.setReferencePrice(pair, price, now);
    for (const [asset, price] of Object.entries(seed.usdPrices ?? {})) this.setUsdPrice(asset, price, now);
    for (const [index, past] of (seed.withdrawals ?? []).entries()) {
      const asset = past.asset === undefined ? 'USD' : rules.table.currencyOf(past.asset);
      const amount = toDecimal(`withdrawals[${index}].amount`, past.amount ?? past.usd);
      const usd = toDecimal(`withdrawals[${index}].usd`, past.usd);
      state.withdrawals.add({ ref: `past-${index}`, at: past.at, usd, asset, amount, status: 'sent' });
    }
    this.seed(seed);
  }
}

function byOf(options: CheckOptions | undefined): { bot?: string } {
  return options?.bot === undefined ? {} : { bot: options.bot };
}
