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
