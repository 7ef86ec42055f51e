/**
 * A reference model of one pair's matching-engine counter at an exchange that refuses ANY call taking the counter
 * past the threshold, single cancels included (the conservative reading of docs/kraken/rate-limits.md). Written
 * from the docs' table, without the limiter's code. Times are ms; it answers each call at the moment it arrives.
 */
export type PairCall =
  | { kind: 'add'; id: string }
  | { kind: 'amend'; id: string }
  | { kind: 'cancel'; id: string };

export type PairAnswer = { ok: true; cost: number } | { ok: false; error: string };

// [age bound in seconds (exclusive), amend's age part (on top of its fixed +1), cancel]; older: 0.
const AGE_ROWS: ReadonlyArray<readonly [number, number, number]> = [
  [5, 3, 8],
  [10, 2, 6],
  [15, 1, 5],
  [45, 0, 4],
  [90, 0, 2],
  [300, 0, 1],
];

function agePart(column: 1 | 2, ageMs: number): number {
  for (const row of AGE_ROWS) if (ageMs / 1000 < row[0]) return row[column];
  return 0;
}

export class ConservativePairModel {
  /** Every accepted charge: when, and how much. */
  readonly charged: Array<{ at: number; cost: number }> = [];
  private value = 0;
  private at = 0;
  private readonly touchedAt = new Map<string, number>();

  constructor(
    readonly threshold: number,
    readonly decayPerSecond: number,
  ) {}

  /** The counter at `now`. */
  valueAt(now: number): number {
    return Math.max(0, this.value - (this.decayPerSecond * (now - this.at)) / 1000);
  }

  /** What `call` would cost at `now` (undefined: the order is not open). */
  costOf(call: PairCall, now: number): number | undefined {
    if (call.kind === 'add') return 1;
    const touched = this.touchedAt.get(call.id);
    if (touched === undefined) return undefined;
    return call.kind === 'amend' ? 1 + agePart(1, now - touched) : agePart(2, now - touched);
  }

  /** Whether the exchange would accept `call` at `now`. */
  fits(call: PairCall, now: number): boolean {
    const cost = this.costOf(call, now);
    return cost !== undefined && this.valueAt(now) + cost <= this.threshold;
  }

  submit(call: PairCall, now: number): PairAnswer {
    const cost = this.costOf(call, now);
    if (cost === undefined) return { ok: false, error: 'EOrder:Unknown order' };
    if (this.valueAt(now) + cost > this.threshold) return { ok: false, error: 'EOrder:Rate limit exceeded' };
    this.value = this.valueAt(now) + cost;
    this.at = now;
    this.charged.push({ at: now, cost });
    if (call.kind === 'cancel') this.touchedAt.delete(call.id);
    else this.touchedAt.set(call.id, now);
    return { ok: true, cost };
  }

  openOrders(): string[] {
    return [...this.touchedAt.keys()];
  }
}
