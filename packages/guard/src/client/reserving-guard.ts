import { KrakenkitError } from '@krakenkit/client';
import type { JournalStep } from '@krakenkit/client/nonce';
import type { AccountId, StateStore } from '@krakenkit/core/store';
import type { Decision } from '../decision.js';
import type { CheckOptions, Reservation } from '../guard.js';
import type { GuardIntent } from '../intent.js';
import type { CallAlong } from '../shared/journaled-guard.js';
import type { GuardEvent } from '../state/events.js';
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
    if (!(error instanceof KrakenkitError && error.category === 'store')) throw error;
  }
}

/** Reserves through either kind of guard; awaits only a shared guard's answer. */
export async function reserveThrough(guard: ReservingGuard, intent: GuardIntent): Promise<Reservation> {
  const reservation = guard.reserve(intent);
  return isPromise(reservation) ? await reservation : reservation;
}
