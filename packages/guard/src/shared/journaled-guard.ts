import type { JournalStep } from '@krakenkit/client/nonce';
import type { AssetPairsRaw } from '@krakenkit/core';
import type { AccountId, JournalEntry, JournalSnapshot, StateStore } from '@krakenkit/core/store';
import type { AuditListener } from '../audit/audit-event.js';
import { AuditHub } from '../audit/audit-hub.js';
import type { DecimalInput } from '../decimal.js';
import type { Decision } from '../decision.js';
import type { GuardCore, Plan } from '../engine/guard-core.js';
import type { CheckOptions, PairTouch, Reservation } from '../guard.js';
import type { GuardIntent } from '../intent.js';
import { buildGuardPairs } from '../pairs/pair-index.js';
import { eventApplies, eventAsText, type GuardEvent, type OrderOutcome } from '../state/events.js';
import type { ExchangeSnapshot } from '../state/exchange-raw.js';
import { type ReconcileOptions, type ReconcileReport, readAtOf } from '../state/reconcile.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import {
  type GuardSnapshot,
  type OrderView,
  orderViews,
  type PositionView,
  positionViews,
  snapshotOf,
} from '../state/snapshot.js';
import { isTradingState, type TradingState } from '../state/trading-state.js';
import { botView } from './bot-view.js';
import { CallReservation } from './call-reservation.js';
import { foldEntries, releaseOf } from './fold.js';
import type { GuardJournal } from './guard-journal.js';
import { type Attempt, commitWithRetry } from './journal-commit.js';
import type { GuardJournalEntry } from './journal-entry.js';
import { OutcomeFlushSchedule } from './outcome-flush-schedule.js';
import { checkOrderOutcome, type PendingOutcome, PendingOutcomes } from './pending-outcomes.js';
import type { SharedGuard } from './shared-guard.js';

type Batch = { allowed: boolean; decisions: Reservation[] };

/**
 * A reservation made with its order's call (see SharedGuard.reserveAlong): the first judgement, the call when it
 * was made (refused at once: none), and the reservation once it landed with the call's nonce.
 */
export interface CallAlong<T> {
  /** The judgement the request was built from (refused: `result` is undefined and nothing was sent). */
  first: Reservation;
  /** The call, when it was made. */
  result?: Promise<T>;
  /** The reservation once it landed with the call's nonce (its `ref` names the order's outcomes), else undefined. */
  landed(): Reservation | undefined;
}

/**
 * The shared guard: a GuardCore that is the fold of the account's journal. Its changes run one at a time (a
 * queue), so between judging and journaling nothing in this process moves the state; other processes are caught
 * by the journal's optimistic commit.
 */
export class JournaledGuard implements SharedGuard {
  readonly instance: string;
  readonly #core: GuardCore;
  readonly #journal: GuardJournal;
  readonly #clock: () => number;
  readonly #compactEvery: number;
  readonly #audit = new AuditHub();
  #queue: Promise<unknown> = Promise.resolve();
  /** Set when the journal could not be folded: the state is not the others', so every change is refused. */
  #broken: Error | undefined;
  /** Reservations whose commit got no answer: if one turns up in the journal, it is released (nothing was sent). */
  readonly #lost = new Map<string, ReservationRecord['kind']>();
  /** Releases of such reservations, journaled before this process's next change. */
  readonly #releases: GuardEvent[] = [];
  /** Order outcomes in the state and not yet in the journal (applyAlong): every commit carries them first. */
  readonly #outcomes: PendingOutcomes;
  readonly #outcomeFlush: OutcomeFlushSchedule;

  constructor(
    core: GuardCore,
    journal: GuardJournal,
    options: { instance: string; clock: () => number; compactEvery: number; outcomeRetryMs: number },
  ) {
    this.#core = core;
    this.#journal = journal;
    this.instance = options.instance;
    this.#clock = options.clock;
    this.#compactEvery = options.compactEvery;
    this.#outcomes = new PendingOutcomes(core, options.instance);
    this.#outcomeFlush = new OutcomeFlushSchedule({
      pending: () => this.#outcomes.carried(),
      waiting: (due) => this.#broken === undefined && this.#outcomes.waiting(due),
      flush: (due) => this.#serial(() => this.#journalOutcomes(due)),
      firstRetryMs: options.outcomeRetryMs,
    });
  }

  get journalStore(): { readonly store: StateStore; readonly account: AccountId } {
    return { store: this.#journal.store, account: this.#journal.account };
  }

  check(intent: GuardIntent, options?: CheckOptions): Decision {
    const now = options?.now ?? this.#clock();
    const { decision } = this.#core.judge(intent, now, options?.bot);
    this.#audit.decision('check', intent, decision, now, undefined, options?.bot);
    return decision;
  }

  reserve(intent: GuardIntent, options?: CheckOptions): Promise<Reservation> {
    const now = options?.now ?? this.#clock();
    if (isCancel(intent)) return Promise.resolve(this.#cancel(intent, now, options));
    return this.#serial(async () => {
      const plan = await this.#commit((): Attempt<Plan> => {
        const planned = this.#core.plan(intent, now, this.#by(options));
        const { record } = planned;
        return record === undefined ? { result: planned } : this.#reserving([record], () => planned);
      });
      return this.#answer(intent, plan, now, options);
    });
  }

  reserveAlong<T>(
    method: string,
    intent: GuardIntent,
    send: (first: Reservation, journal: JournalStep) => Promise<T>,
    options?: CheckOptions,
  ): Promise<CallAlong<T>> {
    const now = options?.now ?? this.#clock();
    const by = this.#by(options);
    return this.#serial(async () => {
      const plan = this.#core.plan(intent, now, by);
      if (!plan.evaluation.decision.allowed || plan.record === undefined)
        return { first: this.#answer(intent, plan, now, options), landed: () => undefined };
      const step = new CallReservation(
        {
          core: this.#core,
          journal: this.#journal,
          outcomes: this.#outcomes,
          plan: () => this.#core.plan(intent, this.#clock(), by),
          fold: (stale) => this.#fold(stale.missed, stale.snapshot),
          appended: (before, after) => void this.#appended(before, after),
        },
        method,
        plan,
      );
      const result = send(step.first, step);
      // This process's other changes wait until the reservation is in (or the call failed before it was).
      const failed = await Promise.race([
        step.whenLanded.then(() => false),
        result.then(
          () => false,
          () => true,
        ),
      ]);
      const landed = step.reservation;
      if (landed !== undefined)
        this.#audit.decision('reserve', intent, landed, now, landed.ref, options?.bot);
      const unanswered = step.unanswered;
      if (failed && unanswered !== undefined && 'ref' in unanswered)
        this.#lost.set(unanswered.ref, unanswered.kind);
      return { first: step.first, result, landed: () => step.reservation };
    });
  }

  reserveBatch(intents: readonly GuardIntent[], options?: CheckOptions): Promise<Batch> {
    const now = options?.now ?? this.#clock();
    return this.#serial(async () => {
      const plans = await this.#commit((): Attempt<Plan[]> => {
        // Planned on a copy: each order judged after the ones before it, the real state touched only once
        // the whole batch is journaled.
        const scratch = this.#core.fork();
        const planned = intents.map((intent) => {
          const plan = scratch.plan(intent, now, this.#by(options), true);
          if (plan.record !== undefined) scratch.applyRecord(plan.record);
          return plan;
        });
        const records = planned.flatMap((plan) => (plan.record === undefined ? [] : [plan.record]));
        const allowed = planned.every((plan) => plan.evaluation.decision.allowed);
        return allowed && records.length > 0 ? this.#reserving(records, () => planned) : { result: planned };
      });
      const allowed = plans.every((plan) => plan.evaluation.decision.allowed);
      const decisions = plans.map(({ evaluation, record }, index) => {
        const ref = allowed && record !== undefined && 'ref' in record ? record.ref : undefined;
        const intent = intents[index] as GuardIntent;
        this.#audit.decision('reserve', intent, evaluation.decision, now, ref, options?.bot);
        return ref === undefined ? evaluation.decision : { ...evaluation.decision, ref };
      });
      return { allowed, decisions };
    });
  }

  apply(event: GuardEvent, options?: CheckOptions): Promise<boolean> {
    const at = options?.now ?? this.#clock();
    return this.#serial(async () => {
      // Amounts as text, checked now: a bad event is refused here, never journaled for every process to trip on.
      const text = plain(eventAsText(event));
      const { state, pairs } = this.#core;
      // An order this process has not seen yet may be another's it has not read: look before deciding.
      if (!eventApplies(state, text, pairs, this.instance, at)) await this.#syncNow();
      const applied = await this.#commit((): Attempt<boolean> => {
        if (!eventApplies(this.#core.state, text, this.#core.pairs, this.instance, at))
          return { result: false };
        const entry: GuardJournalEntry = { type: 'event', at, instance: this.instance, event: text };
        return { entries: [entry], applied: () => this.#core.applyEvent(text, at, this.instance) };
      });
      this.#audit.emit({ type: 'event', at, event, applied });
      return applied;
    });
  }

  applyAlong(event: OrderOutcome, options?: CheckOptions): boolean {
    if (this.#broken !== undefined) throw this.#broken;
    checkOrderOutcome(event);
    const at = options?.now ?? this.#clock();
    const text = plain(eventAsText(event)) as OrderOutcome;
    const applied = this.#outcomes.add(text, at);
    this.#audit.emit({ type: 'event', at, event, applied });
    if (applied) this.#outcomeFlush.soon();
    return applied;
  }

  flush(): Promise<void> {
    return this.#serial(() => this.#journalOutcomes());
  }

  setTradingState(state: TradingState, reason = ''): Promise<void> {
    const at = this.#clock();
    return this.#serial(async () => {
      if (!isTradingState(state)) this.#core.setTradingState(state, reason); // throws its ValidationError
      const from = await this.#commit(
        (): Attempt<TradingState> => ({
          entries: [{ type: 'trading-state', at, state, reason }],
          applied: () => this.#core.setTradingState(state, reason),
        }),
      );
      this.#audit.emit({ type: 'trading-state', at, from, to: state, reason });
    });
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

  /** New AssetPairs for this process's fold (every process should hold the same pairs). */
  updateAssetPairs(assetPairs: AssetPairsRaw): void {
    const { rules } = this.#core;
    this.#core.pairs = buildGuardPairs(assetPairs, rules.pairOverrides, rules.table).index;
  }

  seed(snapshot: ExchangeSnapshot, options?: ReconcileOptions): Promise<ReconcileReport> {
    return this.#journalSnapshot(snapshot, 'seed', options);
  }

  reconcile(snapshot: ExchangeSnapshot, options?: ReconcileOptions): Promise<ReconcileReport> {
    return this.#journalSnapshot(snapshot, 'reconcile', options);
  }

  sync(): Promise<void> {
    return this.#serial(() => this.#syncNow());
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

  forBot(bot: string): SharedGuard {
    return botView(this, bot);
  }

  // A cancel is never held back, nor slowed by the store: it passes at once, and its counter charge is journaled
  // behind it (or, if the store cannot take it, goes unrecorded).
  #cancel(intent: GuardIntent, now: number, options?: CheckOptions): Reservation {
    const plan = this.#core.plan(intent, now, {});
    const charge = (): Attempt<undefined> => {
      const { record } = this.#core.plan(intent, now, {});
      if (record?.kind !== 'cancel' || record.charges.length === 0) return { result: undefined };
      const entries: GuardJournalEntry[] = [{ type: 'reserve', records: [record] }];
      return { entries, applied: () => void this.#core.applyRecord(record) };
    };
    this.#serial(() => this.#commit(charge)).catch(() => undefined);
    return this.#answer(intent, plan, now, options);
  }

  #answer(intent: GuardIntent, plan: Plan, now: number, options?: CheckOptions): Reservation {
    const { decision } = plan.evaluation;
    const { record } = plan;
    const ref = record !== undefined && 'ref' in record ? record.ref : undefined;
    this.#audit.decision('reserve', intent, decision, now, ref, options?.bot);
    return ref === undefined ? decision : { ...decision, ref };
  }

  #journalSnapshot(
    snapshot: ExchangeSnapshot,
    kind: 'seed' | 'reconcile',
    options: ReconcileOptions | undefined,
  ): Promise<ReconcileReport> {
    let readAt: number | undefined;
    try {
      readAt = readAtOf(options);
    } catch (error) {
      return Promise.reject(error);
    }
    const at = this.#clock();
    return this.#serial(async () => {
      const wire = plain(snapshot);
      const report = await this.#commit((): Attempt<ReconcileReport> => {
        const prices = this.#core.pricesFor(wire);
        // Tried on a copy first: a snapshot the fold cannot read is refused here, never journaled for all.
        this.#core.fork().reconcile(wire, at, prices, readAt);
        const entry: GuardJournalEntry = { type: 'snapshot', at, snapshot: wire, prices };
        return {
          entries: [readAt === undefined ? entry : { ...entry, readAt }],
          applied: () => this.#core.reconcile(wire, at, prices, readAt),
        };
      });
      this.#audit.emit(kind === 'seed' ? { type: 'seed', at, report } : { type: 'reconcile', at, report });
      return report;
    });
  }

  // Reservations to journal; should the commit go unanswered, they are remembered as possibly journaled.
  #reserving<T>(records: ReservationRecord[], result: () => T): Attempt<T> {
    return {
      entries: [{ type: 'reserve', records }],
      applied: () => {
        for (const record of records) this.#core.applyRecord(record);
        return result();
      },
      onLost: () => {
        for (const record of records) if ('ref' in record) this.#lost.set(record.ref, record.kind);
      },
    };
  }

  #commit<T>(attempt: () => Attempt<T>): Promise<T> {
    return commitWithRetry(this.#journal, attempt, {
      outcomes: this.#outcomes,
      caughtUp: (missed, snapshot) => this.#fold(missed, snapshot),
      appended: (before, after) => this.#appended(before, after),
      releasePending: () => this.#flushReleases(),
    });
  }

  // Once this process appends at seq S, a commit it lost earlier (made at a seq not above S) can no longer land.
  async #appended(before: number, after: number): Promise<void> {
    this.#lost.clear();
    if (Math.floor(after / this.#compactEvery) === Math.floor(before / this.#compactEvery)) return;
    // The fold up to `after`: outcomes not journaled yet are no part of it.
    const state = this.#outcomes.beneath(() => this.#core.exportState());
    try {
      await this.#journal.compact(after, state);
    } catch {
      // Compaction only saves reading time: the next process to cross a mark tries again.
    }
  }

  async #syncNow(): Promise<void> {
    const read = await this.#journal.read();
    this.#fold(read.entries, read.snapshot);
    await this.#flushReleases();
  }

  // Beneath the pending outcomes; those among the entries (carried by a commit whose answer was lost) are done.
  #fold(entries: readonly JournalEntry[], snapshot: JournalSnapshot | undefined): void {
    const from = this.#journal.seq;
    const inJournal =
      this.#outcomes.size === 0
        ? undefined
        : new Set(entries.filter((entry) => entry.seq > from).map((entry) => entry.entry));
    try {
      this.#outcomes.beneath(() => {
        foldEntries(this.#core, this.#journal, entries, snapshot, (record) => {
          const kind = 'ref' in record ? this.#lost.get(record.ref) : undefined;
          if (kind !== undefined && 'ref' in record) this.#releases.push(releaseOf(kind, record.ref));
        });
      }, inJournal);
    } catch (error) {
      this.#broken = error as Error;
      throw error;
    }
  }

  async #flushReleases(): Promise<void> {
    if (this.#releases.length === 0) return;
    const events = this.#releases.splice(0);
    const at = this.#clock();
    try {
      await this.#commit((): Attempt<void> => {
        const due = events.filter((event) =>
          eventApplies(this.#core.state, event, this.#core.pairs, this.instance),
        );
        if (due.length === 0) return { result: undefined };
        return {
          entries: due.map((event) => ({ type: 'event', at, instance: this.instance, event })),
          applied: () => {
            for (const event of due) this.#core.applyEvent(event, at, this.instance);
          },
        };
      });
    } catch (error) {
      this.#releases.push(...events);
      throw error;
    }
  }

  // One commit of the pending outcomes, when any of `due` (default: any at all) is still waiting. Outcomes that
  // came after `due` have a flush of their own: this one does not take them, and hold up a step that would.
  #journalOutcomes(due?: readonly PendingOutcome[]): Promise<void> {
    return this.#commit(
      (): Attempt<void> =>
        this.#outcomes.waiting(due) ? { entries: [], applied: () => undefined } : { result: undefined },
    );
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      if (this.#broken !== undefined) throw this.#broken;
      await this.#flushReleases();
      return task();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #by(options: CheckOptions | undefined): { bot?: string; instance: string } {
    return options?.bot === undefined
      ? { instance: this.instance }
      : { bot: options.bot, instance: this.instance };
  }
}

function isCancel(intent: GuardIntent): boolean {
  return typeof intent === 'object' && intent !== null && 'kind' in intent && intent.kind === 'cancel';
}

// What every process reads back from the journal: JSON, so this process applies exactly that.
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
