import { ValidationError } from '../errors/validation-error.js';
import type { Converter } from './wire-builder.js';

/** A strict boolean: `'true'` or `1` are refused, so a typo never flips `validate` or `reduce_only`. */
export function toBool(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(field, value, 'true or false');
  return value;
}

/** An integer in `[min, max]`, given as a safe integer number or its decimal text. */
export function intInRange(min: number, max: number): Converter<number> {
  return (field, value) => {
    const parsed =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^-?\d{1,16}$/.test(value)
          ? Number(value)
          : NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new ValidationError(field, value, `an integer from ${min} to ${max}`);
    }
    return parsed;
  };
}

/** A non-negative integer (offsets, counts, unix times). */
export const toNonNegativeInt: Converter<number> = intInRange(0, Number.MAX_SAFE_INTEGER);

/** One of a fixed set of strings, compared exactly (Kraken's enums are case-sensitive). */
export function oneOf<const T extends string>(values: readonly T[]): Converter<T> {
  return (field, value) => {
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    throw new ValidationError(field, value, `one of ${values.join(', ')}`);
  };
}

/**
 * A name of 1 to `maxLength` characters: a letter or digit, then letters, digits or one of `others`. Checked with a
 * table of char codes: every order's pair passes here, and a scan inlined in the converter is cheaper than a
 * regular expression's code of its own (`/^[A-Za-z0-9][A-Za-z0-9<others>]{0,maxLength-1}$/`).
 */
function nameOf(others: string, maxLength: number): (text: string) => boolean {
  const allowed = new Uint8Array(128);
  for (const char of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') {
    allowed[char.charCodeAt(0)] = FIRST | REST;
  }
  for (const char of others) allowed[char.charCodeAt(0)] = REST;
  return (text) => {
    if (text.length === 0 || text.length > maxLength) return false;
    if (((allowed[text.charCodeAt(0)] ?? 0) & FIRST) === 0) return false;
    for (let index = 1; index < text.length; index += 1) {
      if (((allowed[text.charCodeAt(index)] ?? 0) & REST) === 0) return false;
    }
    return true;
  };
}
const FIRST = 1;
const REST = 2;

/** Pair names: ids (`XXBTZUSD`), altnames (`XBTUSD`), display names (`BTC/USD`), venue suffixes (`:BTNL`). */
const isPairName = nameOf('./:_-', 40);
/** Asset names: `XXBT`, `USD`, `USDT.F`, `USD.HOLD`. */
const isAssetName = nameOf('._-', 24);
/** Order, trade, ledger and withdrawal ids: printable, no separators, so they cannot smuggle in a second id. */
const isIdName = nameOf('._:-', 64);

function matching(test: (text: string) => boolean, expected: string): Converter<string> {
  return (field, value) => {
    if (typeof value === 'string' && test(value)) return value;
    throw new ValidationError(field, value, expected);
  };
}

/** A pair name: id, altname, display name or a venue-suffixed name. */
export const toPair: Converter<string> = matching(isPairName, 'a pair name such as "XBTUSD" or "BTC/USD"');
/** An asset name (`XXBT`, `USD`, `USDT.F`). */
export const toAsset: Converter<string> = matching(isAssetName, 'an asset name such as "XBT" or "ZUSD"');
/** An order, trade, ledger or withdrawal id: printable, no separators. */
export const toId: Converter<string> = matching(isIdName, 'an id such as "OUF4EM-FRGI2-MQMWZD"');

/** Free text Kraken matches by name (withdrawal key names, methods): non-empty, no control characters. */
export function toName(maxLength: number): Converter<string> {
  return (field, value) => {
    if (
      typeof value === 'string' &&
      value.length > 0 &&
      value.length <= maxLength &&
      !hasControlChar(value)
    ) {
      return value;
    }
    throw new ValidationError(
      field,
      value,
      `non-empty text of at most ${maxLength} characters without control characters`,
    );
  };
}

function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * A list given as an array (or a single string) of items, sent comma-joined. Duplicates are refused because
 * Kraken counts them against list limits and they usually mean a bug in the caller.
 */
export function commaList(
  item: Converter<string>,
  options: { min?: number; max: number },
): Converter<string> {
  return (field, value) => {
    const items = listItems(field, value, item, options);
    return items.join(',');
  };
}

/** Like {@link commaList} but returns the validated array (for JSON bodies). */
export function arrayOf<T>(item: Converter<T>, options: { min?: number; max: number }): Converter<T[]> {
  return (field, value) => listItems(field, value, item, options);
}

function listItems<T>(
  field: string,
  value: unknown,
  item: Converter<T>,
  options: { min?: number; max: number },
): T[] {
  const raw = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(raw)) throw new ValidationError(field, value, 'an array (or comma-separated text)');
  const min = options.min ?? 1;
  if (raw.length < min || raw.length > options.max) {
    throw new ValidationError(field, `${raw.length} items`, `from ${min} to ${options.max} items`);
  }
  const items = raw.map((entry: unknown, index) => item(`${field}[${index}]`, entry));
  const seen = new Set<unknown>();
  for (const [index, entry] of items.entries()) {
    if (seen.has(entry)) throw new ValidationError(`${field}[${index}]`, entry, 'no duplicate entries');
    seen.add(entry);
  }
  return items;
}

/** A unix time in seconds or an id (Kraken's `start`/`end` take either). */
export function toTimeOrId(field: string, value: unknown): number | string {
  if (typeof value === 'number') return toNonNegativeInt(field, value);
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) return Number(value);
  return toId(field, value);
}
