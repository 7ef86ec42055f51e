/**
 * Kraken's leaky counter: c ← max(0, c − decay·Δt). A charge of k fits iff c + k ≤ max. Counts are not money,
 * so plain numbers are fine here.
 */
export class DecayingCounter {
  #value = 0;
  #at: number;

  constructor(
    readonly max: number,
    readonly decayPerSecond: number,
    now: number,
  ) {
    this.#at = now;
  }

  /** The decayed value at `now`. */
  valueAt(now: number): number {
    this.#decay(now);
    return this.#value;
  }

  /** Whether a charge of `cost` fits under the max at `now`. */
  fits(cost: number, now: number): boolean {
    this.#decay(now);
    return this.#value + cost <= this.max + 1e-9;
  }

  /** Charges `cost` when it fits under the max; returns whether it did (nothing is charged otherwise). */
  tryCharge(cost: number, now: number): boolean {
    if (!this.fits(cost, now)) return false;
    this.#value += cost;
    return true;
  }

  /** Charges unconditionally (Kraken accepts batch cancels over the threshold and still counts them). */
  charge(cost: number, now: number): void {
    this.#decay(now);
    this.#value += cost;
  }

  #decay(now: number): void {
    const elapsed = Math.max(0, now - this.#at) / 1000;
    this.#value = Math.max(0, this.#value - this.decayPerSecond * elapsed);
    this.#at = Math.max(this.#at, now);
  }
}
