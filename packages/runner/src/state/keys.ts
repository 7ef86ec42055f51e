/**
 * Names in the state store. Bot names are labels (letters, digits, `-`, `_`, `.`), so a `:` always ends one and
 * one bot's prefix never matches another's.
 */

/** The lease one process per bot name holds. */
export function botLease(bot: string): string {
  return `bot:${bot}`;
}

/** Prefix of every bot lease. */
export const BOT_LEASES = 'bot:';

/** The lease that says a session is alive. */
export function sessionLease(sessionId: string): string {
  return `session:${sessionId}`;
}

/** Prefix of every session lease. */
export const SESSION_LEASES = 'session:';

/** The record of one order a bot placed, by its client order id. */
export function orderRecordKey(bot: string, clOrdId: string): string {
  return `${orderRecordPrefix(bot)}${clOrdId}`;
}

/** Prefix of a bot's order records. */
export function orderRecordPrefix(bot: string): string {
  return `bot:${bot}:order:`;
}

/** The bot's saved state (strategy snapshot, positions, PnL, fill progress). */
export function stateRecordKey(bot: string): string {
  return `bot:${bot}:state`;
}

/** The bot an order record belongs to, or undefined for a key that is not an order record. */
export function botOfOrderRecord(key: string): string | undefined {
  return /^bot:([^:]+):order:/.exec(key)?.[1];
}
