import { StoreCorruptError } from '@krakenkit/core/store';
import type { GuardEvent } from '../state/events.js';
import type { ExchangeSnapshot } from '../state/exchange-raw.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import type { TradingState } from '../state/trading-state.js';

/** The journal stream of an account the shared guard writes to. */
export const GUARD_STREAM = 'guard';

/**
 * One entry of the guard's journal: every change to the state shared by the processes trading one account. Each
 * carries its own time (`at`, or the records' own), so folding it never reads a clock, and is plain JSON.
 */
export type GuardJournalEntry =
  /** Reservations made together (one order, or a whole batch): all of them or none. */
  | { type: 'reserve'; records: ReservationRecord[] }
  /** An outcome, reported by the instance that reserved what it names. */
  | { type: 'event'; at: number; instance: string; event: GuardEvent }
  /**
   * The exchange's open orders and positions (and balances), replacing the state's; `prices` size market orders.
   * `readAt`, when given, is when the snapshot was read: what the state learned since is kept (see Guard.reconcile).
   */
  | {
      type: 'snapshot';
      at: number;
      snapshot: ExchangeSnapshot;
      prices: Record<string, string>;
      readAt?: number;
    }
  /** The kill switch, for every process. */
  | { type: 'trading-state'; at: number; state: TradingState; reason: string };

/** The entry as the store keeps it. */
export function encodeEntry(entry: GuardJournalEntry): string {
  return JSON.stringify(entry);
}

/**
 * Reads an entry back. Only the envelope is checked here: the fold checks every value as it applies it (amounts
 * through the guard's decimal gate), and a failure there is reported as corruption too.
 */
export function decodeEntry(text: string, seq: number, location: string): GuardJournalEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corrupt(location, seq, 'not JSON', error);
  }
  if (!isEntry(value)) throw corrupt(location, seq, 'not a guard journal entry');
  return value;
}

/** A journal the fold could not apply: the shared guard stops (fail closed) with this error. */
export function corrupt(location: string, seq: number, why: string, cause?: unknown): StoreCorruptError {
  return new StoreCorruptError(location, `guard journal entry ${seq}: ${why}`, { cause });
}

function isEntry(value: unknown): value is GuardJournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  switch (entry.type) {
    case 'reserve':
      return Array.isArray(entry.records) && entry.records.every(isRecord);
    case 'event':
      return isTime(entry.at) && typeof entry.instance === 'string' && isObject(entry.event);
    case 'snapshot':
      return (
        isTime(entry.at) &&
        isObject(entry.snapshot) &&
        isObject(entry.prices) &&
        (entry.readAt === undefined || (isTime(entry.readAt) && (entry.readAt as number) >= 0))
      );
    case 'trading-state':
      return isTime(entry.at) && typeof entry.state === 'string' && typeof entry.reason === 'string';
    default:
      return false;
  }
}

function isRecord(value: unknown): boolean {
  if (!isObject(value)) return false;
  const record = value as Record<string, unknown>;
  const kinds = ['order', 'amend', 'withdrawal', 'cancel'];
  return typeof record.kind === 'string' && kinds.includes(record.kind) && isTime(record.at);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}
