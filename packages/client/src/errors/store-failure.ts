import { KrakenkitError } from '@krakenkit/core';
import { type StateStore, StoreUnavailableError } from '@krakenkit/core/store';

/**
 * Runs one store call so that every failure is a typed krakenkit error: the stores throw StoreUnavailableError
 * (or StoreClosedError, StoreCorruptError) themselves; anything else (a custom store's own error) is wrapped in
 * StoreUnavailableError. Callers rely on it to mean "nothing was granted, nothing may be sent".
 */
export async function storeCall<T>(store: StateStore, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof KrakenkitError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError(store.location, message, { cause: error });
  }
}
