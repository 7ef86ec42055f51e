import type { JournalStep } from '@krakenkit/client/nonce';
import { KrakenkitError } from '@krakenkit/core';
import type { CallCommit, StaleJournal } from '@krakenkit/core/store';
import { GuardRejectedError } from '../client/guard-rejected-error.js';
import type { Decision } from '../decision.js';
import type { GuardCore, Plan } from '../engine/guard-core.js';
import type { Reservation } from '../guard.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import type { GuardJournal } from './guard-journal.js';
import { encodeEntry, GUARD_STREAM } from './journal-entry.js';
import type { PendingOutcome, PendingOutcomes } from './pending-outcomes.js';

/** What a reservation made with a call needs of the shared guard that makes it. */
export interface CallReservationHost {
  readonly core: GuardCore;
  readonly journal: GuardJournal;
  /** Outcomes applied and not yet journaled: the step carries them before the reservation. */
  readonly outcomes: PendingOutcomes;
  /** Plans the intent on the state as it is now. */
  plan(): Plan;
  /** Folds entries other processes journaled (see JournaledGuard). */
  fold(stale: StaleJournal): void;
  /** The reservation went in from seq `before` to `after` (compaction). */
  appended(before: number, after: number): void;
}

/**
 * Re-judging after another process wrote changed what the order must be (its size was adjusted differently), so
 * the request already built no longer matches: nothing was reserved or sent, and the caller reserves first and
 * builds the request again.
 */
export class PlanChangedError extends KrakenkitError {
  override name = 'PlanChangedError';
  constructor() {
    super('the guard adjusted the order differently after catching up with the journal: nothing was sent', {
      code: 'EGuard:Plan changed',
      category: 'guard',
      retryable: true,
    });
  }
}

/**
 * A reservation journaled in the same store step as its order's nonce (see `CallOptions.journal`): the first plan
 * goes with the first ask; when another process wrote first, the missed entries are folded and the order is judged
 * again before the next ask. The reservation is in the state once the step lands, before the order is sent. The
 * step carries this process's pending outcomes first (earlier orders' answers), so they land with it.
 */
export class CallReservation implements JournalStep {
  readonly first: Reservation;
  #plan: Plan | undefined;
  #record: ReservationRecord | undefined;
  #landed: Reservation | undefined;
  /** Set while an append is out: if the call then fails without an answer, the append may have landed. */
  #asked: ReservationRecord | undefined;
  /** The pending outcomes the last prepared append carries. */
  #carried: readonly PendingOutcome[] = [];

  /** Resolves once the reservation is in (it never rejects: a call that fails first ends the wait instead). */
  readonly whenLanded: Promise<void>;
  #signalLanded: () => void = () => undefined;

  constructor(
    private readonly host: CallReservationHost,
    private readonly method: string,
    first: Plan,
  ) {
    this.#plan = first;
    this.first = answerOf(first);
    this.whenLanded = new Promise((resolve) => {
      this.#signalLanded = resolve;
    });
  }

  /** The reservation once it landed with the call's nonce, else undefined. */
  get reservation(): Reservation | undefined {
    return this.#landed;
  }

  /** A record that was asked for and never answered (the store failed mid-step): it may be in the journal. */
  get unanswered(): ReservationRecord | undefined {
    return this.#landed === undefined ? this.#asked : undefined;
  }

  prepare(): CallCommit | undefined {
    if (this.#landed !== undefined) return undefined;
    const plan = this.#plan ?? this.host.plan();
    this.#plan = plan;
    const { decision } = plan.evaluation;
    if (!decision.allowed || plan.record === undefined)
      throw new GuardRejectedError(this.method, decision.violations);
    if (!sameAdjustment(decision, this.first)) throw new PlanChangedError();
    this.#record = plan.record;
    this.#asked = plan.record;
    this.#carried = this.host.outcomes.carried();
    const entries = this.#carried.map((outcome) => outcome.text);
    entries.push(encodeEntry({ type: 'reserve', records: [plan.record] }));
    return { stream: GUARD_STREAM, expectedSeq: this.host.journal.seq, entries };
  }

  caughtUp(stale: StaleJournal): void {
    this.#asked = undefined;
    this.host.fold(stale);
    this.#plan = undefined;
  }

  landed(seq: number): void {
    const record = this.#record;
    const plan = this.#plan;
    if (record === undefined || plan === undefined) return;
    const { journal, core, outcomes } = this.host;
    const before = journal.seq;
    journal.seq = seq;
    outcomes.journaled(this.#carried);
    this.#carried = [];
    // Outcomes applied while the step was out come after the reservation in the journal: so too in the state.
    outcomes.beneath(() => core.applyRecord(record));
    this.#landed = answerOf(plan);
    this.host.appended(before, seq);
    this.#signalLanded();
  }
}

function answerOf(plan: Plan): Reservation {
  const { decision } = plan.evaluation;
  const { record } = plan;
  const ref = record !== undefined && 'ref' in record ? record.ref : undefined;
  return ref === undefined ? decision : { ...decision, ref };
}

function sameAdjustment(decision: Decision, first: Decision): boolean {
  return JSON.stringify(decision.adjusted ?? null) === JSON.stringify(first.adjusted ?? null);
}
