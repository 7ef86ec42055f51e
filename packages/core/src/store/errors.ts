import { KrakenkitError } from '../errors/base.js';
import { KRAKENKIT_CODES } from '../errors/codes.js';

/**
 * The store cannot be reached or answered with an error. Nothing the failed call asked for took effect unless
 * the call says otherwise; callers stop trading (fail closed) and try again once it is back.
 */
export class StoreUnavailableError extends KrakenkitError {
  override name = 'StoreUnavailableError';

  constructor(
    readonly location: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`state store ${location} is unavailable: ${message}`, {
      code: KRAKENKIT_CODES.STORE_UNAVAILABLE,
      category: 'store',
      retryable: true,
      cause: options.cause,
    });
  }
}

/** A call on a store after close(). */
export class StoreClosedError extends KrakenkitError {
  override name = 'StoreClosedError';

  constructor(readonly location: string) {
    super(`state store ${location} is closed`, { code: KRAKENKIT_CODES.STORE_CLOSED, category: 'store' });
  }
}

/** The store holds something krakenkit cannot read (a torn or foreign file, a wrong value type in Redis). */
export class StoreCorruptError extends KrakenkitError {
  override name = 'StoreCorruptError';

  constructor(
    readonly location: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`state store ${location}: ${message}`, {
      code: KRAKENKIT_CODES.STORE_CORRUPT,
      category: 'store',
      cause: options.cause,
    });
  }
}

/** A lease another live process holds: a second process with the same bot name, say. */
export class LeaseHeldError extends KrakenkitError {
  override name = 'LeaseHeldError';

  constructor(
    readonly lease: string,
    readonly holder: string,
    readonly expiresAt: number,
    message?: string,
  ) {
    super(message ?? `lease "${lease}" is held by ${holder} until ${new Date(expiresAt).toISOString()}`, {
      code: KRAKENKIT_CODES.LEASE_HELD,
      category: 'store',
    });
  }
}
