import { randomUUID } from 'node:crypto';
import type { JournalStep } from '@krakenkit/client/nonce';
import { ValidationError } from '@krakenkit/core';
import type { AccountId, StateStore } from '@krakenkit/core/store';
import type { AuditListener } from '../audit/audit-event.js';
import type { GuardConfig } from '../config/schema.js';
import type { DecimalInput } from '../decimal.js';
import type { Decision } from '../decision.js';
import { GuardCore } from '../engine/guard-core.js';
import type { CheckOptions, PairTouch, Reservation } from '../guard.js';
import { compileGuard, leaseMsOf } from '../guard-build.js';
import type { GuardIntent } from '../intent.js';
import type { GuardEvent, OrderOutcome } from '../state/events.js';
import type { ExchangeSnapshot } from '../state/exchange-raw.js';
import type { ReconcileOptions, ReconcileReport } from '../state/reconcile.js';
import type { GuardSnapshot, OrderView, PositionView } from '../state/snapshot.js';
import type { TradingState } from '../state/trading-state.js';
import { GuardJournal } from './guard-journal.js';
import { type CallAlong, JournaledGuard } from './journaled-guard.js';

/** Where a shared guard keeps its journal, who it is, and how it folds. */
export interface SharedGuardOptions {
  /** The state store every process trading the account uses (`@krakenkit/store`: memory, a directory, Redis). */
  store: StateStore;
  /** The account's id in the store: `accountIdOf(apiKey)` from `@krakenkit/core/store`. */
  account: AccountId;
  /**
   * This process's name among those sharing the account (letters, digits, `_ - . :`, at most 64): it prefixes
   * reservation refs (`a1.R12`) and marks the orders whose outcomes this process reports. Default: random. Give a
   * stable one (a bot name) so a restarted process goes on reporting its orders' fills.
   */
  instance?: string;
  /**
   * How long an order sent with no answer holds its headroom at most, in ms (default 60,000: longer than a
   * request timeout). After that, a reconcile that does not show the order drops it, so a process killed
   * mid-order does not hold headroom for ever.
   */
  leaseMs?: number;
  /** Epoch-ms clock (default Date.now): the time each entry this process writes carries. */
  clock?: () => number;
  /** After how many journal entries the process that crosses the mark compacts the journal (default 500). */
  compactEvery?: number;
  /** As createGuard's `unseeded`: `'allow'` judges orders before any seed, for accounts known to be empty. */
  unseeded?: 'refuse' | 'allow';
  /**
   * When journaling order answers that no store step took along fails, the first pause before trying again, in ms
   * (default 500); each further failure doubles it, up to 30 s. Until they land, other processes count those
   * orders as still in flight.
   */
  outcomeRetryMs?: number;
}

/**
 * A guard whose state is shared, through a journal in a state store, by every process trading one account: each
 * process folds the same journal into the same state, so reservations made by any of them count for all, the kill
 * switch is one switch, and the 24-hour withdrawal window outlives a restart (with a durable store).
 *
 * `check()` and the reads answer from this process's state, synchronously. Everything that changes the shared
 * state is journaled first and answers with a promise: a reservation is one store round trip when no other
 * process wrote in between, else this process applies what it missed, judges again and retries. When the store
 * cannot be reached, those calls reject with StoreUnavailableError and nothing is reserved (so, through the
 * guarded clients, nothing is sent); they work again once it answers. The one exception is an order's answer
 * reported with {@link SharedGuard.applyAlong}: in this process's state at once, journaled with its next step.
 */
export interface SharedGuard {
  /** This process's name in the journal. */
  readonly instance: string;
  /** Every violation of the rules by this intent, judged on this process's state (no store call). */
  check(intent: GuardIntent, options?: CheckOptions): Decision;
  /** Judges and, when allowed, journals the reservation; a refusal makes no store call. */
  reserve(intent: GuardIntent, options?: CheckOptions): Promise<Reservation>;
  /**
   * Reserves an order in the same store step as its call's nonce: `send` gets the first judgement (to build the
   * request; refused: `send` is not called) and the journal step to pass as `CallOptions.journal` to a client
   * sharing its key through the same store and account. If another process wrote first, the order is judged again
   * before any nonce is issued: refused then, the call fails with GuardRejectedError and nothing is sent.
   */
  reserveAlong<T>(
    method: string,
    intent: GuardIntent,
    send: (first: Reservation, journal: JournalStep) => Promise<T>,
    options?: CheckOptions,
  ): Promise<CallAlong<T>>;
  /** The store and account the journal lives in (a client sharing the same can take reservations along). */
  readonly journalStore: { readonly store: StateStore; readonly account: AccountId };
  /** A batch, all or nothing: each order judged after the ones before it, all journaled in one commit. */
  reserveBatch(
    intents: readonly GuardIntent[],
    options?: CheckOptions,
  ): Promise<{ allowed: boolean; decisions: Reservation[] }>;
  /**
   * Journals an outcome of something this process reserved (or the end of an order nobody reserved), and applies
   * it: once the promise resolves, every process can read it. Outcomes applied with {@link applyAlong} and not yet
   * journaled go first in the same commit. An event about another process's order is not journaled and answers
   * false: that process reports it, so a fill every process sees counts once. Rejects with the store's error
   * (StoreUnavailableError) when the commit fails: the event is then not applied.
   */
  apply(event: GuardEvent, options?: CheckOptions): Promise<boolean>;
  /**
   * Applies an order's answer (`order-accepted` with its txid, or `order-rejected`: nothing was placed, the
   * reservation is released) to this process's state at once, and journals it with this process's next store
   * step instead of a round trip of its own: the next reservation's step (its nonce's `beginCall`, or its commit)
   * carries it before its own entry, and when no step follows in the same turn of the event loop one commit
   * right after does. The guarded clients report the answers of orders reserved along their call this way.
   *
   * Answers at once whether the state changed (false, journaling nothing, when this process holds no such order
   * of its own, or it was already accepted with that txid). Until the outcome is journaled, other processes still
   * see the reservation in flight: they count it, never less than is used. A store failure keeps it pending (the
   * next step carries it, after folding what other processes wrote); a process that dies first leaves the
   * reservation held until a reconcile after its lease, as an order whose answer never came. Throws
   * ValidationError for any other event, and the journal's error once the guard could not fold it.
   */
  applyAlong(event: OrderOutcome, options?: CheckOptions): boolean;
  /**
   * Journals every outcome {@link applyAlong} applied before the call (in one commit; none: no store call) and
   * resolves once they are in the journal. Rejects with the store's error when it cannot take them: they stay
   * pending and go with the next step. Call it before closing the store (guardClient's `close()` does).
   */
  flush(): Promise<void>;
  /** The kill switch, journaled: every process sees it before its next reservation. */
  setTradingState(state: TradingState, reason?: string): Promise<void>;
  /** The kill switch as this process last read it. */
  tradingState(): { state: TradingState; reason: string };
  /** This process's reference price of a pair (not shared: each process watches the market itself). */
  setReferencePrice(pair: string, price: DecimalInput | PairTouch, at?: number): void;
  /** This process's USD price of an asset (not shared). */
  setUsdPrice(asset: string, price: DecimalInput, at?: number): void;
  /**
   * Journals the exchange's open orders and positions (and balances). Several processes seed from the same
   * exchange, so a snapshot always replaces what the state holds: this is {@link reconcile}.
   */
  seed(snapshot: ExchangeSnapshot, options?: ReconcileOptions): Promise<ReconcileReport>;
  /**
   * Journals the exchange's view, which replaces positions and orders for every process (see Guard.reconcile).
   * `options.readAt` (when the snapshot was read) is journaled with it, so every process keeps alike what the
   * journal learned since; a bad one rejects with a ValidationError naming `readAt`, journaling nothing.
   */
  reconcile(snapshot: ExchangeSnapshot, options?: ReconcileOptions): Promise<ReconcileReport>;
  /** Applies what other processes journaled since this one last looked. */
  sync(): Promise<void>;
  /** Pools, pairs, counts, as this process last read them. */
  snapshot(): GuardSnapshot;
  /** Open positions. */
  positions(): PositionView[];
  /** Open and in-flight orders, every process's. */
  orders(): OrderView[];
  /** This process's audit trail: its own decisions and the changes it journaled. */
  onAudit(listener: AuditListener): () => void;
  /**
   * This process's state as JSON text (see Guard.exportState): the journal's fold, then the outcomes applied with
   * {@link applyAlong} and not yet journaled. Compaction writes the fold without them.
   */
  exportState(): string;
  /** The same guard, judging and reserving for one bot (its loss limits apply too; see Guard.forBot). */
  forBot(bot: string): SharedGuard;
}

const INSTANCE = /^[A-Za-z0-9_.:-]{1,64}$/;
const DEFAULT_COMPACT_EVERY = 500;
const DEFAULT_OUTCOME_RETRY_MS = 500;

/**
 * Opens the shared guard of an account: validates the rules (ConfigError) and options (ValidationError), reads
 * the journal (its compacted snapshot and the entries after it) and folds it. Rejects with StoreUnavailableError
 * when the store cannot be read, StoreCorruptError when the journal cannot be folded. Like createGuard, it refuses
 * orders until some process has seeded the journal with the exchange's open orders and positions.
 */
export async function createSharedGuard(
  rules: GuardConfig,
  options: SharedGuardOptions,
): Promise<SharedGuard> {
  const { compiled, pairs } = compileGuard(rules);
  const instance = options.instance ?? randomUUID().slice(0, 8);
  if (!INSTANCE.test(instance))
    throw new ValidationError('instance', instance, 'letters, digits, _ - . or :, at most 64');
  const leaseMs = leaseMsOf(options.leaseMs);
  const compactEvery = options.compactEvery ?? DEFAULT_COMPACT_EVERY;
  if (!Number.isSafeInteger(compactEvery) || compactEvery <= 0)
    throw new ValidationError('compactEvery', compactEvery, 'a positive whole number of entries');
  const outcomeRetryMs = options.outcomeRetryMs ?? DEFAULT_OUTCOME_RETRY_MS;
  if (!Number.isSafeInteger(outcomeRetryMs) || outcomeRetryMs <= 0)
    throw new ValidationError('outcomeRetryMs', outcomeRetryMs, 'a positive whole number of ms');
  const core = new GuardCore(compiled, pairs, { leaseMs, unseededAllowed: options.unseeded === 'allow' });
  const journal = new GuardJournal(options.store, options.account);
  const guard = new JournaledGuard(core, journal, {
    instance,
    clock: options.clock ?? Date.now,
    compactEvery,
    outcomeRetryMs,
  });
  await guard.sync();
  return guard;
}
