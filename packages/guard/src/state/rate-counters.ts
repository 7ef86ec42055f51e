import { ADD_COST, agedCost, batchAddCost } from '@krakenkit/client/rate-limit';

/**
 * Kraken's matching-engine counter per pair (docs/kraken/rate-limits.md), as the guard tracks it. The cost table is the
 * client's (one copy of Kraken's table); the guard keeps its own counters because it judges orders before the
 * client's limiter sees them, and refuses rather than waits. Numbers here are counts, not money.
 */
export type RatedAction = 'add' | 'batch-add' | 'amend' | 'edit' | 'cancel';

/** The counter increment of one transaction; `ageMs` is the age of the order amended, edited or cancelled. */
export function rateCost(action: RatedAction, ageMs = 0): number {
  switch (action) {
    case 'add':
      return ADD_COST;
    case 'batch-add':
      return batchAddCost(1);
    default:
      return agedCost(action, ageMs);
  }
}

interface Counter {
  value: number;
  at: number;
}

/** One decaying counter per pair: c ← max(0, c − decay·Δt), then + cost. Reads are pure. */
export class RateCounters {
  readonly #counters = new Map<string, Counter>();

  constructor(private readonly decayPerSecond: number) {}

  /** The pair's counter at `now`, after decay (a clock that steps back decays nothing). */
  valueAt(pairId: string, now: number): number {
    const counter = this.#counters.get(pairId);
    if (counter === undefined) return 0;
    const decayed = counter.value - (this.decayPerSecond * Math.max(0, now - counter.at)) / 1000;
    return Math.max(decayed, 0);
  }

  /** A copy of every counter, to undo the charges of a batch that was refused as a whole. */
  save(): ReadonlyMap<string, Readonly<Counter>> {
    return new Map(this.#counters);
  }

  /** Every counter as last charged (value at `at`), for export. */
  entries(): IterableIterator<[string, Readonly<Counter>]> {
    return this.#counters.entries();
  }

  restore(saved: ReadonlyMap<string, Readonly<Counter>>): void {
    this.#counters.clear();
    for (const [pairId, counter] of saved) this.#counters.set(pairId, counter);
  }

  charge(pairId: string, cost: number, now: number): void {
    if (cost === 0) return;
    const at = Math.max(now, this.#counters.get(pairId)?.at ?? now);
    this.#counters.set(pairId, { value: this.valueAt(pairId, now) + cost, at });
  }
}
