import { KrakenkitError } from '@krakenkit/client';
import type { JournalStep } from '@krakenkit/client/nonce';
import type { AccountId, StateStore } from '@krakenkit/core/store';
import type { Decision } from '../decision.js';
import type { CheckOptions, Reservation } from '../guard.js';
import type { GuardIntent } from '../intent.js';
import type { CallAlong } from '../shared/journaled-guard.js';
import type { GuardEvent, OrderOutcome } from '../state/events.js';
import type { OrderView } from '../state/snapshot.js';

/**
 * What the guarded clients need of a guard: a plain `Guard` (every call synchronous) or a shared guard
 * (`@krakenkit/guard/shared`), whose reservations and outcomes go through a journal and answer with promises.
 */
export interface ReservingGuard {
  /** Judges without reserving (validate-only orders). */
  check(intent: GuardIntent, options?: CheckOptions): Decision;
  /** Judges and, when allowed, reserves the headroom. */
  reserve(intent: GuardIntent, options?: CheckOptions): Reservation | Promise<Reservation>;
  /** Judges and reserves a batch, all or nothing. */
  reserveBatch(
    intents: readonly GuardIntent[],
    options?: CheckOptions,
  ): { allowed: boolean; decisions: Reservation[] } | Promise<{ allowed: boolean; decisions: Reservation[] }>;
  /** Records an outcome. */
  apply(event: GuardEvent, options?: CheckOptions): boolean | Promise<boolean>;
  /**
   * A shared guard's order answer shown at once and journaled with its next store step (see
   * SharedGuard.applyAlong): what the guarded client reports after an order reserved along its call.
   */
  applyAlong?(event: OrderOutcome): boolean;
  /** A shared guard's outcomes not yet journaled, journaled now (see SharedGuard.flush). */
  flush?(): Promise<void>;
  /** Open and in-flight orders (CancelAll releases the open ones). */
  orders(): OrderView[];
  /** A shared guard's reservation taken in the same store step as its order's nonce (see SharedGuard). */
  reserveAlong?<T>(
    method: string,
    intent: GuardIntent,
    send: (first: Reservation, journal: JournalStep) => Promise<T>,
  ): Promise<CallAlong<T>>;
  /** Where a shared guard's journal lives. */
  readonly journalStore?: { readonly store: StateStore; readonly account: AccountId };
}

/** Whether a guard's answer is a promise: a plain guard's is not, and its path stays synchronous. */
export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return value instanceof Promise;
}

/**
 * Records an outcome after the call went out: the call's own result is what the caller must get, so a state store
 * that cannot take the outcome now does not turn a placed order into an error. The reservation then stays held
 * (fail closed) until its lease ends and a reconcile shows what the exchange holds.
 */
export async function recordOutcome(guard: ReservingGuard, event: GuardEvent): Promise<void> {
  try {
    const applied = guard.apply(event);
    if (isPromise(applied)) await applied;
  } catch (error) {
    if (!isStoreError(error)) throw error;
  }
}

/**
 * Records an order's answer after a call that took its reservation along (one store step for both): through
 * `applyAlong` when the guard has it (in the state at once; journaled with the next step), else as recordOutcome.
 */
export async function recordOutcomeAlong(guard: ReservingGuard, event: OrderOutcome): Promise<void> {
  if (guard.applyAlong === undefined) return recordOutcome(guard, event);
  try {
    guard.applyAlong(event);
  } catch (error) {
    if (!isStoreError(error)) throw error;
  }
}

/**
 * Journals a shared guard's pending outcomes before the client closes; a store that cannot take them leaves the
 * reservations held until a reconcile after their lease, as if the process had stopped.
 */
export async function flushOutcomes(guard: ReservingGuard): Promise<void> {
  try {
    await guard.flush?.();
  } catch (error) {
    if (!isStoreError(error)) throw error;
  }
}

function isStoreError(error: unknown): boolean {
  return error instanceof KrakenkitError && error.category === 'store';
}

/** Reserves through either kind of guard; awaits only a shared guard's answer. */
export async function reserveThrough(guard: ReservingGuard, intent: GuardIntent): Promise<Reservation> {
  const reservation = guard.reserve(intent);
  return isPromise(reservation) ? await reservation : reservation;
}
