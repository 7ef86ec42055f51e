import { type Dec, ZERO } from '../decimal.js';

/** A withdrawal counted in the rolling window: sent, or reserved and not yet answered. */
export interface WithdrawalEntry {
  ref: string;
  at: number;
  usd: Dec;
  asset: string;
  amount: Dec;
  status: 'in-flight' | 'sent';
  /** The shared guard instance that reserved it: only it reports whether it was sent. */
  instance?: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Withdrawals of the last 24 hours in USD, across assets (Kraken's limit is a rolling daily USD value). Entries
 * are kept in time order; the running total is maintained on add/remove, and reading it at a given time only
 * walks the few entries that have aged out since the last prune.
 */
export class WithdrawalWindow {
  readonly #entries: WithdrawalEntry[] = [];
  #total: Dec = ZERO;

  /** USD withdrawn (or in flight) in the 24 hours ending at `now`. Does not modify the window. */
  usdSince(now: number): Dec {
    let total = this.#total;
    const cutoff = now - DAY_MS;
    for (const entry of this.#entries) {
      if (entry.at > cutoff) break;
      total = total.minus(entry.usd);
    }
    return total;
  }

  add(entry: WithdrawalEntry): void {
    let index = this.#entries.length;
    while (index > 0 && (this.#entries[index - 1]?.at ?? 0) > entry.at) index -= 1;
    this.#entries.splice(index, 0, entry);
    this.#total = this.#total.plus(entry.usd);
  }

  find(ref: string): WithdrawalEntry | undefined {
    return this.#entries.find((entry) => entry.ref === ref);
  }

  remove(ref: string): WithdrawalEntry | undefined {
    const index = this.#entries.findIndex((entry) => entry.ref === ref);
    if (index === -1) return undefined;
    const [entry] = this.#entries.splice(index, 1);
    if (entry !== undefined) this.#total = this.#total.minus(entry.usd);
    return entry;
  }

  /** Drops entries older than 24 hours before `now` (called on events, never from check()). */
  prune(now: number): void {
    const cutoff = now - DAY_MS;
    while ((this.#entries[0]?.at ?? Number.POSITIVE_INFINITY) <= cutoff) {
      const entry = this.#entries.shift();
      if (entry !== undefined) this.#total = this.#total.minus(entry.usd);
    }
  }

  entries(): readonly WithdrawalEntry[] {
    return this.#entries;
  }

  clear(): void {
    this.#entries.length = 0;
    this.#total = ZERO;
  }
}
