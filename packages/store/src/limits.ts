import { ValidationError } from '@krakenkit/core';
import type { CallRequest, CallWaiter, ChargeRequest, CommitRequest } from '@krakenkit/core/store';

/** The largest record value, journal entry or lease holder a store accepts, in UTF-8 bytes (1 MiB). */
export const MAX_VALUE_BYTES = 1024 * 1024;
/** The largest journal snapshot a store accepts, in UTF-8 bytes (16 MiB): a snapshot folds many entries. */
export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;
/** The longest name (counter, stream, lease, record key) a store accepts, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 1024;

// A surrogate half without its other half: no UTF-8 form, so a store keeping UTF-8 (Redis) would hand back U+FFFD.
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// The size is what the error shows, never the value: a store must not echo what it was given.
function checkBytes(field: string, text: string, max: number): void {
  if (typeof text !== 'string') throw new ValidationError(field, typeof text, 'a string');
  if (LONE_SURROGATE.test(text))
    throw new ValidationError(field, 'a lone surrogate', 'well-formed UTF-16 (it is kept as UTF-8)');
  // Cheap first: a string of n UTF-16 units takes at most 3n UTF-8 bytes.
  if (text.length * 3 <= max) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > max) throw new ValidationError(field, `${bytes} bytes`, `at most ${max} bytes`);
}

/** Refuses a value (record, entry, holder) over {@link MAX_VALUE_BYTES}. */
export function checkValue(field: string, value: string): void {
  checkBytes(field, value, MAX_VALUE_BYTES);
}

/** Refuses a name over {@link MAX_NAME_BYTES}. */
export function checkName(field: string, name: string): void {
  checkBytes(field, name, MAX_NAME_BYTES);
}

/** Refuses a snapshot over {@link MAX_SNAPSHOT_BYTES}. */
export function checkSnapshot(field: string, state: string): void {
  checkBytes(field, state, MAX_SNAPSHOT_BYTES);
}

/** A non-negative safe integer (a sequence number), or a ValidationError naming the field. */
export function checkSeq(field: string, seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new ValidationError(field, seq, 'an integer ≥ 0');
}

/** A positive finite duration in ms. */
export function checkMs(field: string, ms: number): void {
  if (!Number.isFinite(ms) || ms <= 0) throw new ValidationError(field, ms, 'a duration > 0 ms');
}

/** A nonce window: a finite number ≥ 0 (0 = strictly one call in flight). */
export function checkWindow(field: string, window: number): void {
  if (!Number.isFinite(window) || window < 0) throw new ValidationError(field, window, 'a nonce window ≥ 0');
}

/** A beginCall's request: its window, lease, endings, charges and journal part, each field named when wrong. */
export function checkCallRequest(request: CallRequest): void {
  checkMs('beginCall.leaseMs', request.leaseMs);
  checkWindow('beginCall.window', request.window);
  for (const call of request.ending ?? []) checkCharges('beginCall.ending[].charges', call.charges);
  checkCharges('beginCall.charges', request.charges);
  if (request.waiter !== undefined) checkWaiter(request.waiter);
  const commit = request.commit;
  if (commit === undefined) return;
  checkName('beginCall.commit.stream', commit.stream);
  checkSeq('beginCall.commit.expectedSeq', commit.expectedSeq);
  for (const entry of commit.entries) checkValue('beginCall.commit.entries[]', entry);
}

/** A commit's stream, expected seq, entries and charges, each field named when wrong. */
export function checkCommitRequest(request: CommitRequest): void {
  checkName('commit.stream', request.stream);
  checkSeq('commit.expectedSeq', request.expectedSeq);
  for (const entry of request.entries) checkValue('commit.entries[]', entry);
  checkCharges('commit.charges', request.charges);
}

/** The longest waiter id a store accepts (characters): a random id per process fits in far less. */
export const MAX_WAITER_ID_LENGTH = 64;
/** The longest grace a waiter may ask for (ms). */
const MAX_WAITER_GRACE_MS = 60_000;

/** A budget-queue waiter: a short id without spaces (the Redis store joins it with the counter's name), a grace. */
function checkWaiter(waiter: CallWaiter): void {
  const { id, graceMs } = waiter;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_WAITER_ID_LENGTH || /\s/.test(id)) {
    throw new ValidationError(
      'beginCall.waiter.id',
      typeof id === 'string' ? `${id.length} characters` : typeof id,
      `1 to ${MAX_WAITER_ID_LENGTH} characters without spaces`,
    );
  }
  if (!Number.isFinite(graceMs) || graceMs <= 0 || graceMs > MAX_WAITER_GRACE_MS) {
    throw new ValidationError(
      'beginCall.waiter.graceMs',
      graceMs,
      `a duration > 0 and ≤ ${MAX_WAITER_GRACE_MS} ms`,
    );
  }
}

/** Charges' counter names and numbers: a cost, max and decay that are finite and not negative. */
export function checkCharges(field: string, charges: readonly ChargeRequest[] | undefined): void {
  for (const charge of charges ?? []) checkCharge(`${field}[]`, charge);
}

/**
 * One charge's counter name and numbers (a negative cost would lower the counter: a way round the rate limit;
 * NaN or Infinity would be answered differently by each store).
 */
export function checkCharge(field: string, charge: ChargeRequest): void {
  checkName(`${field}.counter`, charge.counter);
  for (const part of ['cost', 'max', 'decayPerSecond'] as const)
    checkAmount(`${field}.${part}`, charge[part]);
}

/** A counter's level query: its name and decay. */
export function checkCounterQuery(field: string, counter: string, decayPerSecond: number): void {
  checkName(`${field}.counter`, counter);
  checkAmount(`${field}.decayPerSecond`, decayPerSecond);
}

function checkAmount(field: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new ValidationError(field, value, 'a finite number ≥ 0');
}
