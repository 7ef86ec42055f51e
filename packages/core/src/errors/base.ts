import type { KrakenkitCode } from './codes.js';

/** What kind of failure an error is: decides whether and how a caller can recover. */
export type ErrorCategory =
  | 'auth'
  | 'permission'
  | 'rate-limit'
  | 'network'
  | 'service'
  | 'exchange-rejection'
  | 'validation'
  | 'config'
  | 'guard'
  | 'store';

const brand = Symbol.for('krakenkit.error');

/** What every krakenkit error is built from. */
export interface KrakenkitErrorOptions {
  /** One of {@link KRAKENKIT_CODES}, or an exchange's own string kept verbatim (`EOrder:...`, `EGuard:...`). */
  code: KrakenkitCode | (string & {});
  category: ErrorCategory;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * The one base class of every error krakenkit throws. Each error has a stable string `code`, a `category`
 * that says what kind of failure it is, `retryable` (whether repeating the same call can help) and a `cause`.
 */
export class KrakenkitError extends Error {
  override name = 'KrakenkitError';
  readonly code: string;
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  /** Brand so `instanceof` works across duplicate copies of the package (as undici does). */
  readonly [brand] = true;

  constructor(message: string, options: KrakenkitErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.category = options.category;
    this.retryable = options.retryable ?? false;
  }

  // `this` is the class instanceof was asked about: the brand answers for the base, the prototype chain for subclasses.
  // biome-ignore-start lint/complexity/noThisInStatic: intentional
  /** `instanceof` that also recognises errors from another copy of the package (a brand, as undici's errors do). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this === KrakenkitError) {
      return (
        typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true
      );
    }
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
  // biome-ignore-end lint/complexity/noThisInStatic: intentional

  /** Follows the `cause` chain and returns the deepest error (or the first for which `predicate` holds). */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    const seen = new Set<unknown>();
    while (current !== undefined && current !== null && !seen.has(current)) {
      seen.add(current);
      if (predicate?.(current)) return current;
      const next = (current as { cause?: unknown }).cause;
      if (next === undefined || next === null) return predicate ? undefined : current;
      current = next;
    }
    return predicate ? undefined : current;
  }
}
