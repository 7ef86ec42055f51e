import type { SessionEvent } from './session-events.js';

/** Counts by key (rejection reasons by code), in first-seen order. */
export class Tally {
  readonly #counts = new Map<string, number>();

  add(key: string, by = 1): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + by);
  }

  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  get total(): number {
    let sum = 0;
    for (const count of this.#counts.values()) sum += count;
    return sum;
  }

  /** Entries, most frequent first. */
  entries(): Array<[string, number]> {
    return [...this.#counts].sort((a, b) => b[1] - a[1]);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.entries());
  }
}

/** Counts a refusal event: by the guard (each violated rule once), or by the exchange (its code). */
export function countRefusals(event: SessionEvent, guard: Tally, exchange: Tally): void {
  if (event.type === 'guard-rejected') {
    for (const code of new Set(event.violations.map((violation) => violation.code))) guard.add(code);
  } else if (event.type === 'exchange-rejected') {
    exchange.add(event.code);
  }
}
