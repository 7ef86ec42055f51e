import { KRAKENKIT_CODES, KrakenkitError } from '@krakenkit/core';
import type { SessionEvents } from './session-events.js';

/** True when the error, or one in its cause chain, says the state store could not be reached. */
export function isStoreOutage(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    if (current instanceof KrakenkitError && current.code === KRAKENKIT_CODES.STORE_UNAVAILABLE) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Whether the session's state store answers. While it does not, nothing is sent (no nonce, no reservation), the
 * failures it causes are reported once, as a `store` event, instead of once per call, and they do not count as
 * failed cycles: the session waits for the store. Its leases cannot be renewed meanwhile, so an outage longer
 * than their ttl halts the bots (KRAKENKIT_LEASE_LOST): a session that cannot prove it still owns a bot stops it.
 */
export class StoreOutage {
  readonly #events: SessionEvents;
  readonly #now: () => number;
  readonly #leaseTtlMs: number;
  #since: number | undefined;

  constructor(events: SessionEvents, now: () => number, leaseTtlMs: number) {
    this.#events = events;
    this.#now = now;
    this.#leaseTtlMs = leaseTtlMs;
  }

  /** True while the store is known not to answer. */
  get active(): boolean {
    return this.#since !== undefined;
  }

  /** Takes a failure: true when the store caused it (reported at the start of an outage), else false. */
  noted(error: unknown): boolean {
    if (!isStoreOutage(error)) return false;
    if (this.#since !== undefined) return true;
    this.#since = this.#now();
    const seconds = Math.ceil(this.#leaseTtlMs / 1000);
    const detail = error instanceof Error ? error.message : String(error);
    this.#events.emit({
      type: 'store',
      at: this.#since,
      available: false,
      message: `${detail}: orders are refused and nothing is sent until it answers; bots stop if it is out for more than ${seconds}s (their leases lapse)`,
    });
    return true;
  }

  /** The store answered: an outage, if there was one, is over. */
  answered(): void {
    if (this.#since === undefined) return;
    const at = this.#now();
    const seconds = ((at - this.#since) / 1000).toFixed(1);
    this.#since = undefined;
    this.#events.emit({
      type: 'store',
      at,
      available: true,
      message: `the state store answers again after ${seconds}s: trading resumes`,
    });
  }
}
