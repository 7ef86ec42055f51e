import type { ErrorCategory } from '@krakenkit/core';

/** How a Kraken error string is handled: category, retryable, and whether the call may have taken effect. */
export interface KrakenErrorClass {
  category: ErrorCategory;
  /** Safe to repeat for an idempotent call (reads). Order-placing calls never retry blindly: see `ambiguous`. */
  retryable: boolean;
  /** The call may have taken effect although an error came back: reconcile before acting again. */
  ambiguous: boolean;
}

// Ordered: the first prefix that matches wins, so specific strings stand before their category's default.
const table: ReadonlyArray<readonly [string, KrakenErrorClass]> = [
  ['EAPI:Rate limit exceeded', { category: 'rate-limit', retryable: true, ambiguous: false }],
  ['EOrder:Rate limit exceeded', { category: 'rate-limit', retryable: true, ambiguous: false }],
  ['EOrder:Domain rate limit exceeded', { category: 'rate-limit', retryable: true, ambiguous: false }],
  ['EOrder:Orders limit exceeded', { category: 'rate-limit', retryable: false, ambiguous: false }],
  ['EService:Throttled', { category: 'rate-limit', retryable: true, ambiguous: false }],
  ['EAuth:Rate limit exceeded', { category: 'rate-limit', retryable: true, ambiguous: false }],
  ['EAuth:Too many requests', { category: 'rate-limit', retryable: true, ambiguous: false }],
  ['EGeneral:Too many requests', { category: 'rate-limit', retryable: true, ambiguous: false }],
  ['EAPI:Invalid key', { category: 'auth', retryable: false, ambiguous: false }],
  ['EAPI:Invalid signature', { category: 'auth', retryable: false, ambiguous: false }],
  ['EAPI:Invalid nonce', { category: 'auth', retryable: false, ambiguous: false }],
  ['EGeneral:Temporary lockout', { category: 'auth', retryable: false, ambiguous: false }],
  ['EAuth:', { category: 'auth', retryable: false, ambiguous: false }],
  ['EGeneral:Permission denied', { category: 'permission', retryable: false, ambiguous: false }],
  ['EAccount:Invalid permissions', { category: 'permission', retryable: false, ambiguous: false }],
  ['EService:Unavailable', { category: 'service', retryable: true, ambiguous: true }],
  ['EService:Busy', { category: 'service', retryable: true, ambiguous: true }],
  ['EService:Deadline elapsed', { category: 'service', retryable: true, ambiguous: true }],
  ['EService:Market in', { category: 'exchange-rejection', retryable: false, ambiguous: false }],
  ['EService:', { category: 'service', retryable: true, ambiguous: true }],
  ['EGeneral:Internal error', { category: 'service', retryable: true, ambiguous: true }],
  ['EDatabase:', { category: 'service', retryable: true, ambiguous: true }],
  ['EGeneral:Invalid arguments', { category: 'validation', retryable: false, ambiguous: false }],
  ['EGeneral:Unknown method', { category: 'validation', retryable: false, ambiguous: false }],
  ['EAPI:Bad request', { category: 'validation', retryable: false, ambiguous: false }],
  ['EQuery:', { category: 'validation', retryable: false, ambiguous: false }],
  ['EOrder:', { category: 'exchange-rejection', retryable: false, ambiguous: false }],
  ['ETrade:', { category: 'exchange-rejection', retryable: false, ambiguous: false }],
  ['EFunding:', { category: 'exchange-rejection', retryable: false, ambiguous: false }],
  ['EBM:', { category: 'exchange-rejection', retryable: false, ambiguous: false }],
];

// A string not in the table (Kraken adds them over time) tells nothing certain about a write: its outcome is left
// open, so an order call is reconciled by its client order id instead of being taken as refused (and placed again
// next to one that exists). Not retried: nothing says repeating it would help.
const unknownClass: KrakenErrorClass = { category: 'service', retryable: false, ambiguous: true };

/** Normalises Kraken's spacing quirk (`EService: Throttled: 1700000000`) so prefixes compare cleanly. */
export function normalizeKrakenCode(text: string): string {
  return text.replace(/:\s+/g, ':').trim();
}

/** Classifies a Kraken error string by prefix (Kraken appends detail, e.g. `EGeneral:Invalid arguments:volume`). */
export function classifyKrakenError(text: string): KrakenErrorClass {
  const normalized = normalizeKrakenCode(text);
  for (const [prefix, cls] of table) if (normalized.startsWith(prefix)) return cls;
  return unknownClass;
}

/** `EService: Throttled: <unix ts>` carries the time to retry after; returns it in ms since epoch. */
export function throttledUntilMs(text: string): number | undefined {
  const match = /^EService:\s*Throttled:\s*(\d+(?:\.\d+)?)/.exec(text.trim());
  if (!match?.[1]) return undefined;
  return Math.round(Number(match[1]) * 1000);
}
