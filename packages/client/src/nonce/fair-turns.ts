/** How long a process keeps the key's slot before standing aside, at first and at most (ms). */
const FIRST_SLICE_MS = 250;
const LONGEST_SLICE_MS = 2_000;

/**
 * Fair turns for processes that poll one store for a key's call slot. A process whose calls follow each other
 * asks again the moment it frees the slot, while the others only look every few ms: left alone it would keep the
 * key until its queue is empty. So once it has held the key back to back for a slice, it stands aside for two
 * polls of the others. Finding the slot free afterwards means nobody was waiting: the next slice is twice as long
 * (a process alone on the key loses a pause every 2 s at most). Being refused (another process holds the key
 * at times) brings the slice back to the first one.
 */
export class FairTurns {
  #sliceMs = FIRST_SLICE_MS;
  /** When this process's current run of back-to-back calls began. */
  #runStart: number | undefined;
  #lastEnd = Number.NEGATIVE_INFINITY;
  #stoodAside = false;

  constructor(
    /** The longest pause between two polls of a waiting process (ms). */
    private readonly pollMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long to stand aside before asking for the next slot (0: ask now). */
  pauseBeforeAsking(): number {
    const now = this.now();
    // Idle for longer than a poll: a waiting process has had its chance already.
    if (this.#runStart === undefined || now - this.#lastEnd > this.pollMs) {
      this.#runStart = now;
      return 0;
    }
    if (now - this.#runStart < this.#sliceMs) return 0;
    this.#stoodAside = true;
    this.#runStart = undefined;
    return 2 * this.pollMs;
  }

  /** A slot was granted after `refusals` refused asks. */
  granted(refusals: number): void {
    if (refusals > 0) this.#sliceMs = FIRST_SLICE_MS;
    else if (this.#stoodAside) this.#sliceMs = Math.min(LONGEST_SLICE_MS, this.#sliceMs * 2);
    this.#stoodAside = false;
    if (this.#runStart === undefined || refusals > 0) this.#runStart = this.now();
  }

  /** A call of this process ended (its slot is free). */
  ended(): void {
    this.#lastEnd = this.now();
  }
}
