/** What to do with one inbound message. */
export type Admission = 'accept' | 'refuse' | 'close';

/** Bytes of a frame that cost one more unit of the budget: large frames cost their parsing. */
export const BYTES_PER_UNIT = 64 * 1024;

/** What a frame of `bytes` costs: one, plus one for every further 64 KiB. */
export function frameCost(bytes: number): number {
  return 1 + Math.floor(bytes / BYTES_PER_UNIT);
}

/**
 * One connection's inbound message rate: a bucket of `burst` units refilled at `perSecond`, on a monotonic clock
 * in ms. A message that finds too few units is refused; once refused messages worth `closeAfter` units came in a
 * row the connection is to be closed, so a client that floods without pause costs a bounded amount of work.
 */
export class MessageBudget {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #closeAfter: number;
  #tokens: number;
  #refilledAt: number | undefined;
  #refusedInARow = 0;

  constructor(perSecond: number, burst: number, closeAfter: number) {
    this.#perMs = perSecond / 1000;
    this.#burst = Math.max(1, burst);
    this.#closeAfter = closeAfter;
    this.#tokens = this.#burst;
  }

  /** Admits a message costing `cost` units (at most the burst, so any message can pass after a pause). */
  admit(nowMs: number, cost = 1): Admission {
    const units = Math.min(cost, this.#burst);
    const elapsed = this.#refilledAt === undefined ? 0 : Math.max(0, nowMs - this.#refilledAt);
    this.#refilledAt = nowMs;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#perMs);
    if (this.#tokens >= units) {
      this.#tokens -= units;
      this.#refusedInARow = 0;
      return 'accept';
    }
    this.#refusedInARow += units;
    return this.#refusedInARow >= this.#closeAfter ? 'close' : 'refuse';
  }
}
