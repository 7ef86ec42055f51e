import type { JournalEntry, JournalSnapshot } from '@krakenkit/core/store';
import { StoreUnavailableError } from '@krakenkit/core/store';
import { type GuardJournal, GuardJournalBusyError } from './guard-journal.js';
import type { GuardJournalEntry } from './journal-entry.js';
import type { PendingOutcomes } from './pending-outcomes.js';

/**
 * One try at a change, decided on the state as this process holds it now: nothing to journal (`result`: a
 * refusal, an event that changes nothing), or entries to journal and what to do once they are in.
 */
export type Attempt<T> =
  | { result: T }
  | {
      entries: GuardJournalEntry[];
      /** Applies the entries to this process's state, once journaled; its answer is the call's. */
      applied: () => T;
      /** The commit got no answer: it may or may not have been journaled. */
      onLost?: () => void;
    };

/** What the retry loop asks of the guard around each commit. */
export interface CommitHooks {
  /** Outcomes this process applied and has not journaled: each commit carries them first. */
  readonly outcomes: PendingOutcomes;
  /** The journal had moved on: fold what this process missed. */
  caughtUp(missed: readonly JournalEntry[], snapshot: JournalSnapshot | undefined): void;
  /** The entries went in, from seq `before` to `after`. */
  appended(before: number, after: number): Promise<void>;
  /** Journal what folding the missed entries turned up to release, before deciding again. */
  releasePending(): Promise<void>;
}

const MAX_ATTEMPTS = 16;

/**
 * Optimistic concurrency over the journal: decide on the local state, commit at the seq that state was folded
 * to; if another process wrote first, fold its entries and decide again. A change is one round trip when nobody
 * else wrote. Pending outcomes go first in every commit, and are journaled with it. Gives up with
 * GuardJournalBusyError after MAX_ATTEMPTS; a store error passes through typed (pending outcomes stay pending).
 */
export async function commitWithRetry<T>(
  journal: GuardJournal,
  attempt: () => Attempt<T>,
  hooks: CommitHooks,
): Promise<T> {
  for (let tries = 0; tries < MAX_ATTEMPTS; tries += 1) {
    const step = attempt();
    if ('result' in step) return step.result;
    const before = journal.seq;
    const carried = hooks.outcomes.carried();
    let answer: Awaited<ReturnType<GuardJournal['commit']>>;
    try {
      answer = await journal.commit(
        step.entries,
        carried.map((outcome) => outcome.text),
      );
    } catch (error) {
      step.onLost?.();
      throw error;
    }
    if (answer.status === 'appended') {
      journal.seq = answer.seq;
      hooks.outcomes.journaled(carried);
      // Outcomes applied while the commit was out come after its entries in the journal: so too in the state.
      const result = hooks.outcomes.beneath(step.applied);
      await hooks.appended(before, answer.seq);
      return result;
    }
    if (answer.status === 'refused')
      throw new StoreUnavailableError(journal.location, 'the store refused a commit that took no charge');
    hooks.caughtUp(answer.missed, answer.snapshot);
    await hooks.releasePending();
  }
  throw new GuardJournalBusyError(journal.location, MAX_ATTEMPTS);
}
