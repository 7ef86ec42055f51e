import type { OrderView } from '@krakenkit/guard';
import { describeError } from '../../engine/halting.js';
import { isSharedGuard, type SessionGuard } from '../../engine/session-guard.js';

/** How the pages' guard figures relate to other processes: shared through a state store, or this process's own. */
export interface GuardSharingView {
  /** This process's name in the shared journal. */
  instance: string;
  /** The store the journal is in, as it may be shown (a directory, or a Redis URL without its password). */
  store: string | null;
  /** When the dashboard last read the journal (epoch ms), if it did. */
  syncedAt: number | null;
  /** Why the last read failed (the store did not answer): the figures are as of `syncedAt`. */
  error: string | null;
}

/** An order the guard counts, with the process that reserved it. */
export interface SharedOrderView extends OrderView {
  /** The instance (process) of a shared guard that reserved it; null for a guard of this process alone, or an order read from the exchange. */
  by: string | null;
}

/**
 * Keeps a shared guard (a session run with a state store: a directory or Redis) fresh for the pages: before a
 * page's figures are read, the journal other processes write to is read again (at most once per `maxAgeMs`, one
 * read at a time), so pools, positions and orders include other processes' reservations as they stand, not as
 * this process's last trading cycle saw them. A guard of this process alone needs nothing.
 */
export class GuardSync {
  readonly #guard: SessionGuard;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #storeShown: string | null;
  #syncedAt: number | undefined;
  #error: string | undefined;
  #reading: Promise<void> | undefined;

  constructor(guard: SessionGuard, maxAgeMs: number, now: () => number, storeShown?: string) {
    this.#guard = guard;
    this.#maxAgeMs = maxAgeMs;
    this.#now = now;
    this.#storeShown = storeShown ?? null;
  }

  /** Reads the journal when the last read is older than `maxAgeMs`; never rejects (a failure is in the view). */
  async fresh(): Promise<GuardSharingView | null> {
    const guard = this.#guard;
    if (!isSharedGuard(guard)) return null;
    const due = this.#syncedAt === undefined || this.#now() - this.#syncedAt >= this.#maxAgeMs;
    if (due) {
      this.#reading ??= guard
        .sync()
        .then(
          () => {
            this.#syncedAt = this.#now();
            this.#error = undefined;
          },
          (error: unknown) => {
            this.#error = describeError(error).message;
          },
        )
        .finally(() => {
          this.#reading = undefined;
        });
      await this.#reading;
    }
    return {
      instance: guard.instance,
      store: this.#storeShown,
      syncedAt: this.#syncedAt ?? null,
      error: this.#error ?? null,
    };
  }

  /** Every order the guard counts (every process's when shared), with who reserved it. */
  orders(): SharedOrderView[] {
    return this.#guard.orders().map(({ instance, ...order }) => ({ ...order, by: instance ?? null }));
  }
}
