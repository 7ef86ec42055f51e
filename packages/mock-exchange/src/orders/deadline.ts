import { E, invalidArgument, KrakenRejection } from '../core/rejection.js';

/**
 * A request's `deadline`: the time the matching engine must have handled it by, and how far ahead of its arrival
 * it must at least lie. Kraken's REST documentation allows now + 2 s to now + 60 s; WebSocket v2's an offset of
 * 500 ms to 60 s.
 */
export interface Deadline {
  /** Epoch ms. */
  at: number;
  minLeadMs: number;
}

export const REST_DEADLINE_MIN_LEAD_MS = 2_000;
export const WS_DEADLINE_MIN_LEAD_MS = 500;
const MAX_LEAD_MS = 60_000;

// RFC 3339 date-time: other texts Date.parse would take ("2026", "Dec 5 2026") are refused.
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Reads a deadline sent as RFC 3339 text; `EGeneral:Invalid arguments:deadline` for anything else. */
export function parseDeadline(value: unknown, minLeadMs: number): Deadline | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const at = RFC_3339.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) throw invalidArgument('deadline');
  return { at, minLeadMs };
}

/**
 * On receipt: a deadline already past is `EService:Deadline elapsed`; one nearer than its minimum lead or more
 * than 60 s ahead is `EGeneral:Invalid arguments:deadline`.
 */
export function checkDeadline(deadline: Deadline | undefined, now: number): void {
  if (deadline === undefined) return;
  if (now > deadline.at) throw new KrakenRejection(E.deadlineElapsed);
  const lead = deadline.at - now;
  if (lead < deadline.minLeadMs || lead > MAX_LEAD_MS) throw invalidArgument('deadline');
}
