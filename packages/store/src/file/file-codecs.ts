/**
 * What the durable store's small JSON files hold, read back with every field checked: a torn or foreign file is
 * a StoreCorruptError naming the file (and never quoting it).
 */
import { StoreCorruptError } from '@krakenkit/core/store';
import type { BudgetWaiter } from '../budget-queue.js';
import type { CallSlots } from '../call-slots.js';
import type { CounterValue } from '../counter-math.js';

/** Format version written in every file; a file of another version is refused rather than misread. */
export const FORMAT = 1;

/** A file's content did not have the expected shape. */
export class Malformed extends Error {}

/** Parses a store file, turning any defect into a StoreCorruptError that names the file. */
export function parseFile<T>(location: string, file: string, text: string, read: (json: unknown) => T): T {
  try {
    return read(JSON.parse(text));
  } catch (error) {
    const why = error instanceof Malformed ? error.message : 'not valid JSON (torn or foreign)';
    throw new StoreCorruptError(location, `${file}: ${why} (${Buffer.byteLength(text)} bytes)`, {
      cause: error,
    });
  }
}

function object(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Malformed(`${what} is not an object`);
  return json as Record<string, unknown>;
}

/** Checks the format version and returns the object. */
export function versioned(json: unknown): Record<string, unknown> {
  const root = object(json, 'the file');
  if (root['v'] !== FORMAT) throw new Malformed(`format version is not ${FORMAT}`);
  return root;
}

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Malformed(`${what} is not a number`);
  return value;
}

function digits(value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) throw new Malformed(`${what} is not a nonce`);
  return BigInt(value);
}

/** A string field. */
export function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Malformed(`${what} is not a string`);
  return value;
}

/** A sequence number field. */
export function seqOf(value: unknown, what: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0)
    throw new Malformed(`${what} is not a sequence number`);
  return value as number;
}

// nonce.json: {"v":1,"last":"1712…","inFlight":[["1712…",expiresAt],…],"waiting":[[id,counter,max,queuedAt,until],…]}
// ("waiting", the budget queue, only when not empty)
/** Reads nonce.json. */
export function readSlots(json: unknown): CallSlots {
  const root = versioned(json);
  const last = root['last'] === null ? undefined : digits(root['last'], 'last');
  const list = root['inFlight'];
  if (!Array.isArray(list)) throw new Malformed('inFlight is not a list');
  const inFlight = list.map((slot: unknown, i) => {
    if (!Array.isArray(slot) || slot.length !== 2) throw new Malformed(`inFlight[${i}] is not a slot`);
    return { nonce: digits(slot[0], `inFlight[${i}]`), expiresAt: finite(slot[1], `inFlight[${i}]`) };
  });
  const waiting = root['waiting'];
  if (waiting === undefined) return { last, inFlight };
  return { last, inFlight, waiting: readWaiting(waiting) };
}

function readWaiting(list: unknown): BudgetWaiter[] {
  if (!Array.isArray(list)) throw new Malformed('waiting is not a list');
  return list.map((entry: unknown, i) => {
    if (!Array.isArray(entry) || entry.length !== 5) throw new Malformed(`waiting[${i}] is not a waiter`);
    const [id, counter, max, queuedAt, until] = entry as unknown[];
    if (typeof id !== 'string' || typeof counter !== 'string')
      throw new Malformed(`waiting[${i}] has no names`);
    const at = `waiting[${i}]`;
    return { id, counter, max: finite(max, at), queuedAt: finite(queuedAt, at), until: finite(until, at) };
  });
}

/** Writes nonce.json. */
export function writeSlots(slots: CallSlots): string {
  return JSON.stringify({
    v: FORMAT,
    last: slots.last === undefined ? null : slots.last.toString(),
    inFlight: slots.inFlight.map((slot) => [slot.nonce.toString(), slot.expiresAt]),
    ...(slots.waiting === undefined || slots.waiting.length === 0
      ? {}
      : { waiting: slots.waiting.map((w) => [w.id, w.counter, w.max, w.queuedAt, w.until]) }),
  });
}

// counters.json: {"v":1,"counters":{"rest":[level,at],"me:XBTUSD":[level,at,1],…}}: a third element 1 marks an exact
// level (counter-math.ts); files written before it was kept read as not exact, which only errs on the safe side.
/** Reads counters.json. */
export function readCounters(json: unknown): Map<string, CounterValue> {
  const entries = object(versioned(json)['counters'], 'counters');
  const counters = new Map<string, CounterValue>();
  for (const [name, value] of Object.entries(entries)) {
    if (
      !Array.isArray(value) ||
      value.length < 2 ||
      value.length > 3 ||
      (value.length === 3 && value[2] !== 1)
    )
      throw new Malformed(`counter ${JSON.stringify(name)} is not a value`);
    const counter: CounterValue = { level: finite(value[0], 'a level'), at: finite(value[1], 'a time') };
    if (value.length === 3) counter.exact = true;
    counters.set(name, counter);
  }
  return counters;
}

/** Writes counters.json. */
export function writeCounters(counters: ReadonlyMap<string, CounterValue>): string {
  // fromEntries defines own properties: a counter named __proto__ stays a counter.
  const out = Object.fromEntries(
    [...counters].map(([name, value]) => [
      name,
      value.exact === true ? [value.level, value.at, 1] : [value.level, value.at],
    ]),
  );
  return JSON.stringify({ v: FORMAT, counters: out });
}

/** A lease as stored. */
export interface StoredLease {
  holder: string;
  expiresAt: number;
}

// leases.json: {"v":1,"leases":{"bot:a":["holder",expiresAt],…}}
/** Reads leases.json. */
export function readLeases(json: unknown): Map<string, StoredLease> {
  const entries = object(versioned(json)['leases'], 'leases');
  const leases = new Map<string, StoredLease>();
  for (const [name, value] of Object.entries(entries)) {
    if (!Array.isArray(value) || value.length !== 2)
      throw new Malformed(`lease ${JSON.stringify(name)} is not a lease`);
    leases.set(name, { holder: text(value[0], 'a holder'), expiresAt: finite(value[1], 'an expiry') });
  }
  return leases;
}

/** Writes leases.json. */
export function writeLeases(leases: ReadonlyMap<string, StoredLease>): string {
  const out = Object.fromEntries([...leases].map(([name, lease]) => [name, [lease.holder, lease.expiresAt]]));
  return JSON.stringify({ v: FORMAT, leases: out });
}

// records/<name>.json: {"v":1,"key":"…","value":"…"}
/** Reads one record file. */
export function readRecord(json: unknown): { key: string; value: string } {
  const root = versioned(json);
  return { key: text(root['key'], 'key'), value: text(root['value'], 'value') };
}

/** Writes one record file. */
export function writeRecord(key: string, value: string): string {
  return JSON.stringify({ v: FORMAT, key, value });
}
