/**
 * `@krakenkit/guard/shared` — one guard for every process trading an account. `createSharedGuard(rules, { store,
 * account })` keeps the guard's state as a journal in a state store (`@krakenkit/store`: memory, a durable
 * directory, Redis): reservations, outcomes, exchange snapshots and the kill switch are journaled, and every
 * process folds the same journal into the same state. Two processes cannot together borrow past an allowance,
 * the kill switch stops them all, and the 24-hour withdrawal window outlives a restart. Give the shared guard to
 * `guardClient` or `guardWsClient` as you would a plain one.
 *
 * @module @krakenkit/guard/shared
 */

export { PlanChangedError } from './shared/call-reservation.js';
export { GuardJournalBusyError } from './shared/guard-journal.js';
export type { CallAlong } from './shared/journaled-guard.js';
export { createSharedGuard, type SharedGuard, type SharedGuardOptions } from './shared/shared-guard.js';
export type { OrderOutcome } from './state/events.js';
