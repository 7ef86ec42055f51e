import type { PendingOutcome } from './pending-outcomes.js';

/** The longest pause between tries (each failure doubles the pause). */
const LONGEST_RETRY_MS = 30_000;

/** What the schedule drives: the guard's pending outcomes and its one commit of them. */
export interface OutcomeFlushTarget {
  /** The outcomes waiting now (what a flush started now takes). */
  pending(): readonly PendingOutcome[];
  /** Whether any of `due` (default: any at all) still waits, and the guard can still journal. */
  waiting(due?: readonly PendingOutcome[]): boolean;
  /** One commit of the pending outcomes, when any of `due` still waits. */
  flush(due: readonly PendingOutcome[]): Promise<void>;
  /** The pause after the first failure, in ms. */
  firstRetryMs: number;
}

/**
 * When a shared guard journals order outcomes that no store step took along: right after the current turn of the
 * event loop (an order placed at once carries them in its own step first), and, when that commit fails, again
 * after a pause that doubles (from `firstRetryMs`) up to 30 s until one lands. Until then other processes count
 * the orders as still in flight: an over-count, never an under-count, but one that must not last for as long as
 * no order follows. A retry timer never keeps the process alive.
 */
export class OutcomeFlushSchedule {
  #soon = false;
  #retry: NodeJS.Timeout | undefined;
  #pauseMs: number;

  constructor(private readonly target: OutcomeFlushTarget) {
    this.#pauseMs = target.firstRetryMs;
  }

  /** Journals what is pending once the caller's turn is over, unless a step took it along by then. */
  soon(): void {
    if (this.#soon) return;
    this.#soon = true;
    // Ref'd (unlike the retry timer): a process with nothing else to do still starts this commit before it exits.
    setImmediate(() => {
      this.#soon = false;
      this.#run(this.target.pending());
    });
  }

  #run(due: readonly PendingOutcome[]): void {
    this.target.flush(due).then(
      () => {
        this.#pauseMs = this.target.firstRetryMs;
      },
      () => this.#retryLater(),
    );
  }

  #retryLater(): void {
    if (this.#retry !== undefined) return;
    const pause = this.#pauseMs;
    this.#pauseMs = Math.min(LONGEST_RETRY_MS, pause * 2);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      // A later step or flush may have carried them meanwhile.
      if (this.target.waiting()) this.#run(this.target.pending());
    }, pause);
    this.#retry.unref();
  }
}
