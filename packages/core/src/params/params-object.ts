import { KRAKENKIT_CODES } from '../errors/codes.js';
import { ValidationError } from '../errors/validation-error.js';

/** Keys that could reach `Object.prototype` if a params object were merged or spread downstream. */
const POLLUTION_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks that `params` is a plain object whose own keys are all in `allowed`, and returns it as a record.
 * `undefined` (no argument) is read as `{}` so `client.time()` works. Unknown keys are refused rather than sent,
 * because Kraken silently ignores some misspelt fields (e.g. `reduceOnly`), which would change what an order does.
 */
export function readParams(
  endpoint: string,
  params: unknown,
  allowed: readonly string[],
): Readonly<Record<string, unknown>> {
  if (params === undefined) return {};
  if (typeof params !== 'object' || params === null) {
    throw new ValidationError(`${endpoint} params`, params, 'an object of named parameters');
  }
  // A Proxy can throw from any trap: whatever it throws, the caller gets a ValidationError, never a raw error.
  try {
    if (Array.isArray(params)) {
      throw new ValidationError(`${endpoint} params`, params, 'an object of named parameters');
    }
    const proto: unknown = Object.getPrototypeOf(params);
    if (proto !== Object.prototype && proto !== null) {
      throw new ValidationError(`${endpoint} params`, params, 'a plain object');
    }
    const record = params as Record<string, unknown>;
    // The keys are listed once: the names checked are the names copied (a Proxy cannot answer ownKeys differently).
    const keys = Reflect.ownKeys(record);
    rejectUnsafeKeys(endpoint, keys, allowed);
    return snapshot(endpoint, record, keys);
  } catch (error) {
    throw unreadable(endpoint, error);
  }
}

/**
 * Copies the own data properties once, so every later read sees the same values: a getter could throw, or answer
 * differently to the check and to the encoder, so accessors are refused rather than called.
 */
function snapshot(
  endpoint: string,
  record: Record<string, unknown>,
  keys: readonly string[],
): Readonly<Record<string, unknown>> {
  const copy = new InheritsNothing();
  for (const key of keys) {
    const descriptor = Object.getOwnPropertyDescriptor(record, key);
    if (descriptor === undefined) continue;
    if (!('value' in descriptor)) {
      throw new ValidationError(`${endpoint}.${key}`, '[accessor]', 'a plain data property (no getter)');
    }
    copy[key] = descriptor.value;
  }
  return copy;
}

/**
 * Records that inherit nothing, as `Object.create(null)` makes them, but in V8's fast object layout (a null
 * prototype object starts as a hash table): a snapshot is read field by field on every call.
 */
const InheritsNothing = function InheritsNothing() {} as unknown as new () => Record<string, unknown>;
InheritsNothing.prototype = Object.create(null);

/** A failure to read the params as a ValidationError: the checks' own errors as they are, anything else wrapped. */
function unreadable(endpoint: string, error: unknown): ValidationError {
  if (error instanceof ValidationError) return error;
  return new ValidationError(
    `${endpoint} params`,
    '[unreadable]',
    'a plain object whose fields can be read',
    {
      cause: error,
    },
  );
}

/** Refuses symbol keys, prototype keys and unknown names: what passes is a list of allowed string names. */
function rejectUnsafeKeys(
  endpoint: string,
  keys: readonly (string | symbol)[],
  allowed: readonly string[],
): asserts keys is readonly string[] {
  // Reflect.ownKeys also sees symbol keys and a literal own `__proto__` (as JSON.parse creates it).
  let unknown: string[] | undefined;
  for (const key of keys) {
    if (typeof key !== 'string') {
      throw new ValidationError(`${endpoint} params`, String(key), 'string parameter names only', {
        code: KRAKENKIT_CODES.UNKNOWN_PARAM,
      });
    }
    if (POLLUTION_KEYS.has(key)) {
      throw new ValidationError(
        `${endpoint}.${key}`,
        key,
        'no prototype keys (__proto__, constructor, prototype)',
        {
          code: KRAKENKIT_CODES.FORBIDDEN_PARAM,
        },
      );
    }
    if (allowed.includes(key)) continue;
    if (unknown === undefined) unknown = [key];
    else unknown.push(key);
  }
  if (unknown !== undefined) {
    throw new ValidationError(
      `${endpoint}.${unknown[0]}`,
      unknown.join(', '),
      allowed.length === 0 ? 'no parameters' : `only known parameters (${allowed.join(', ')})`,
      { code: KRAKENKIT_CODES.UNKNOWN_PARAM },
    );
  }
}
