import type { BotClient } from './connect.js';

/**
 * The REST units a reconciliation spends: OpenOrders, OpenPositions and TradeVolume, one unit each on Kraken's
 * REST counter.
 */
export const RECONCILE_UNITS = 3;

/** REST units the tracker's routine polls leave free: a reconciliation's reads and a lookup beside them. */
export const POLL_RESERVE = RECONCILE_UNITS + 1;

/** REST units a reconciliation leaves free: one order lookup or dead man's switch refresh goes at once. */
export const RECONCILE_RESERVE = 1;

/**
 * The key's REST counter has room now for `units` more with `reserve` units still free under its max. Routine reads
 * (the tracker's polls, reconciliations) ask this first and wait for a later cycle when it says no, so they run at
 * the rate the counter decays and never hold the session's loop (its ticks, its stops) in the rate limiter.
 */
export function hasRoutineRoom(client: BotClient, units: number, reserve: number): boolean {
  const { counter, max } = client.rateBudget().rest;
  return counter + units <= max - reserve;
}

/**
 * How long a due reconciliation waits for room before it takes its turn in the limiter (holding the loop): the
 * time the counter takes to drain from full, or the interval itself when that is longer. It gets the room sooner
 * unless other calls on the key keep the counter up; a guard that is never reconciled would judge from stale state.
 */
export function reconcilePatienceMs(client: BotClient, intervalMs: number): number {
  const { max, decayPerSecond } = client.rateBudget().rest;
  const drainMs = decayPerSecond > 0 ? (max / decayPerSecond) * 1000 : 0;
  return Math.max(intervalMs, drainMs);
}
