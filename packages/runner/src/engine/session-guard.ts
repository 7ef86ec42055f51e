import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { AccountId, StateStore } from '@krakenkit/core/store';
import {
  createGuard,
  type ExchangeSnapshot,
  type Guard,
  type GuardConfig,
  type GuardSeed,
} from '@krakenkit/guard';
import { createSharedGuard, type SharedGuard } from '@krakenkit/guard/shared';

/**
 * The guard of a session: a plain guard of this process, or the shared guard every process trading the account
 * folds from one journal in the state store (`@krakenkit/guard/shared`). Reads (`check`, `snapshot`, …) answer
 * synchronously from either; what changes the state answers with a promise when the guard is shared.
 */
export type SessionGuard = Guard | SharedGuard;

/** Where a shared guard keeps its journal, and under which name this session writes to it. */
export interface GuardSharing {
  store: StateStore;
  account: AccountId;
  instance: string;
}

/** True when the guard's state lives in a state store (then its changes are journaled, and it can go stale). */
export function isSharedGuard(guard: SessionGuard): guard is SharedGuard {
  return 'sync' in guard;
}

/**
 * Builds the session's guard and seeds it with the account. Shared: the journal is read, this process's prices
 * are set (they value the snapshot), then the exchange's orders and positions are journaled, replacing what the
 * journal held (every process reads the same exchange). Rejects with StoreUnavailableError when the store does
 * not answer.
 */
export async function openSessionGuard(
  rules: GuardConfig,
  seed: GuardSeed,
  sharing: GuardSharing | undefined,
): Promise<SessionGuard> {
  if (sharing === undefined) return createGuard(rules, seed);
  const guard = await createSharedGuard(rules, sharing);
  for (const [pair, price] of Object.entries(seed.referencePrices ?? {}))
    guard.setReferencePrice(pair, price);
  for (const [asset, price] of Object.entries(seed.usdPrices ?? {})) guard.setUsdPrice(asset, price);
  await guard.seed(exchangeSnapshotOf(seed));
  return guard;
}

// The exchange's part of a seed: what every process reads alike and the journal keeps.
function exchangeSnapshotOf(seed: GuardSeed): ExchangeSnapshot {
  const { openOrders, openPositions, balance, tradeVolume } = seed;
  return {
    ...(openOrders === undefined ? {} : { openOrders }),
    ...(openPositions === undefined ? {} : { openPositions }),
    ...(balance === undefined ? {} : { balance }),
    ...(tradeVolume === undefined ? {} : { tradeVolume }),
  };
}

// What a shared guard's instance may be called (see SharedGuardOptions.instance).
const INSTANCE = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * The name this session's guard writes to a shared journal under: the sorted names of its bots, joined by ":"
 * (a bot name has none). One process runs a bot name per key, so the name identifies "these bots" across
 * restarts, and a restarted session goes on reporting the outcomes of the orders it reserved. Too long a list is
 * hashed (`_` and 40 hex digits: no bot name starts with `_`).
 */
export function guardInstanceOf(botNames: readonly string[]): string {
  const joined = [...new Set(botNames)].sort().join(':');
  if (INSTANCE.test(joined)) return joined;
  return `_${createHash('sha256').update(joined).digest('hex').slice(0, 40)}`;
}

/**
 * The name a process that runs no bot (the dashboard) writes to a shared journal under: `_dashboard:<host>:<pid>`.
 * It starts with `_` and holds no 40-digit hash, so it is never a session's name (a bot name starts with a letter
 * or digit), and its reservations (a position closed from the page) are told apart from the bots'.
 */
export function dashboardGuardInstance(host = hostname(), pid = process.pid): string {
  return `_dashboard:${host.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 32)}:${pid}`;
}
