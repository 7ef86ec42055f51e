import { KrakenkitError } from '../errors/base.js';
import { KRAKENKIT_CODES } from '../errors/codes.js';
import { ValidationError } from '../errors/validation-error.js';
import { readParams } from './params-object.js';

/** Validates one raw value for `field` (e.g. `AddOrder.volume`) and returns what goes on the wire. */
export type Converter<T> = (field: string, value: unknown) => T;

/**
 * Collects an endpoint's wire params one field at a time, naming every field `Endpoint.param` in errors.
 * Wire keys come out in alphabetical order, as in Kraken's documented signing example, so a body is the same
 * bytes whatever order the caller wrote the params in.
 */
export class WireBuilder {
  readonly endpoint: string;
  readonly params: Readonly<Record<string, unknown>>;
  private readonly wire: Record<string, unknown> = {};

  constructor(endpoint: string, params: unknown, allowed: readonly string[]) {
    this.endpoint = endpoint;
    this.params = readParams(endpoint, params, allowed);
  }

  /** The name errors use for a param: `AddOrder.volume`. */
  field(name: string): string {
    return `${this.endpoint}.${name}`;
  }

  /** Whether the caller gave the param (a key set to `undefined` counts as not given). */
  has(name: string): boolean {
    return this.params[name] !== undefined;
  }

  /** Converts a param that must be present and puts it on the wire. */
  required<T>(name: string, convert: Converter<T>): T {
    const value = this.params[name];
    if (value === undefined) throw new ValidationError(this.field(name), value, 'a value (required)');
    const converted = convertSafely(convert, this.field(name), value);
    this.wire[name] = converted;
    return converted;
  }

  /** Converts a param if given and puts it on the wire; returns `undefined` when absent. */
  optional<T>(name: string, convert: Converter<T>): T | undefined {
    const value = this.params[name];
    if (value === undefined) return undefined;
    const converted = convertSafely(convert, this.field(name), value);
    this.wire[name] = converted;
    return converted;
  }

  /** Puts an already validated value on the wire. */
  set(name: string, value: unknown): void {
    this.wire[name] = value;
  }

  /** Throws unless at most one of `names` is given. */
  atMostOne(...names: string[]): void {
    // Counted first: the list of given names is only built for the error.
    let count = 0;
    for (const name of names) if (this.has(name)) count += 1;
    if (count > 1) {
      const given = names.filter((name) => this.has(name));
      throw new ValidationError(
        this.field(given[1] ?? ''),
        given.join(' and '),
        `only one of ${names.join(', ')} (they are mutually exclusive)`,
        { code: KRAKENKIT_CODES.CONFLICTING_PARAMS },
      );
    }
  }

  /** Throws unless exactly one of `names` is given. */
  exactlyOne(...names: string[]): void {
    this.atMostOne(...names);
    if (!names.some((name) => this.has(name))) {
      throw new ValidationError(
        this.field(names.join('|')),
        undefined,
        `one of ${names.join(', ')} (required)`,
      );
    }
  }

  /** The wire params, keys sorted. */
  done(): Record<string, unknown> {
    return sortKeys(this.wire);
  }
}

/**
 * Runs a converter so that only typed errors come out: a hostile value (a Proxy, an array element with a throwing
 * getter) can make a converter's own reads throw, and the caller must still get a ValidationError naming the field.
 */
function convertSafely<T>(convert: Converter<T>, field: string, value: unknown): T {
  try {
    return convert(field, value);
  } catch (error) {
    if (error instanceof KrakenkitError) throw error;
    throw new ValidationError(field, '[unreadable]', 'a value whose contents can be read', { cause: error });
  }
}

/** A copy of `record` with its keys in code-point order (no locale: the same on every machine). */
export function sortKeys(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const keys = Object.keys(record);
  if (keys.length > SMALL_RECORD) keys.sort();
  else insertionSort(keys);
  const sorted: Record<string, unknown> = {};
  for (const key of keys) sorted[key] = record[key];
  return sorted;
}

/** Up to this many keys an insertion sort is used: Array.prototype.sort allocates more than the record itself. */
const SMALL_RECORD = 32;

/** Sorts in place by UTF-16 code units, the order `Array.prototype.sort()` gives strings. */
function insertionSort(keys: string[]): void {
  for (let i = 1; i < keys.length; i += 1) {
    const key = keys[i] as string;
    let j = i;
    for (; j > 0 && (keys[j - 1] as string) > key; j -= 1) keys[j] = keys[j - 1] as string;
    keys[j] = key;
  }
}
