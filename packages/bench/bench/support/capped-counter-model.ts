/**
 * A counter as Kraken's documents describe both of theirs (the REST call counter and the matching-engine counter):
 * it starts at 0, decays continuously at a fixed rate, and a call is accepted only while counter + cost stays at or
 * below a cap; a refused call charges nothing. The stub applies it; the bench's bare clients keep one to pace
 * themselves.
 */
export class CappedCounterModel {
  private value = 0;
  private at: number;

  constructor(
    private readonly cap: number,
    private readonly decayPerSecond: number,
    now: number,
  ) {
    this.at = now;
  }

  valueAt(now: number): number {
    const elapsed = Math.max(0, now - this.at) / 1000;
    this.value = Math.max(0, this.value - this.decayPerSecond * elapsed);
    this.at = Math.max(this.at, now);
    return this.value;
  }

  /** How long until a call of `cost` fits (ms, 0 when it fits now): how a client pacing itself waits. */
  msUntilFits(cost: number, now: number): number {
    const excess = this.valueAt(now) + cost - this.cap;
    return excess <= 0 ? 0 : (1000 * excess) / this.decayPerSecond;
  }

  /** Charges whether or not it fits (a client's own record of a call it made). */
  charge(cost: number, now: number): void {
    this.value = this.valueAt(now) + cost;
  }

  /** Accepts and charges the call only while it fits under the cap. */
  tryCharge(cost: number, now: number): boolean {
    if (this.valueAt(now) + cost > this.cap + 1e-9) return false;
    this.value += cost;
    return true;
  }
}
