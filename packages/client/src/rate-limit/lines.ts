import PQueue from 'p-queue';

/** Waits `ms`, or rejects with `signal.reason` as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * One attempt to let a call go: charges it and returns 0, or returns how many ms to wait before asking again
 * (it throws when the call can never go).
 */
export type Admit = () => number;

/** A head of line that stepped aside for a call of higher priority goes back ahead of the calls of its own priority. */
const STEPPED_ASIDE = 0.5;

/**
 * The waiting lines of a limiter, one per counter (a p-queue of concurrency 1 each): calls leave a line by priority,
 * then in arrival order, and the head of a line sleeps exactly until its counter has room. In a line where
 * `preempts(key)` holds (a pair's matching-engine line), a call arriving with a higher priority than the sleeping
 * head wakes it, and the head steps aside: a held cancel does not wait behind an add that is itself waiting.
 */
export class Lines {
  private readonly queues = new Map<string, PQueue>();
  private readonly sleepingHeads = new Map<string, { rank: number; wake: AbortController }>();

  constructor(
    private readonly sleep: Sleep,
    private readonly preempts: (key: string) => boolean,
  ) {}

  /** True when nobody waits in line `key`. */
  isIdle(key: string): boolean {
    const queue = this.queues.get(key);
    return queue === undefined || (queue.size === 0 && queue.pending === 0);
  }

  /** Waits in line `key` until `admit` lets the call go; rejects with the signal's reason when it aborts. */
  async enter(key: string, priority: number, signal: AbortSignal | undefined, admit: Admit): Promise<void> {
    const queue = this.queue(key);
    let rank = priority;
    for (;;) {
      const turn = queue.add(() => this.waitAsHead(key, rank, signal, admit), { priority: rank, signal });
      const head = this.sleepingHeads.get(key);
      if (head !== undefined && head.rank < rank) head.wake.abort();
      if (await turn) return;
      rank = priority + STEPPED_ASIDE;
    }
  }

  /** True once admitted; false when a call of higher priority arrived and this head stepped aside. */
  private async waitAsHead(
    key: string,
    rank: number,
    signal: AbortSignal | undefined,
    admit: Admit,
  ): Promise<boolean> {
    for (;;) {
      signal?.throwIfAborted();
      const waitMs = admit();
      if (waitMs === 0) return true;
      if (!this.preempts(key)) {
        await this.sleep(waitMs, signal);
        continue;
      }
      const wake = new AbortController();
      this.sleepingHeads.set(key, { rank, wake });
      try {
        await this.sleep(waitMs, signal === undefined ? wake.signal : AbortSignal.any([signal, wake.signal]));
      } catch (error) {
        if (signal?.aborted || !wake.signal.aborted) throw error;
        return false;
      } finally {
        this.sleepingHeads.delete(key);
      }
    }
  }

  private queue(key: string): PQueue {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new PQueue({ concurrency: 1 });
      this.queues.set(key, queue);
    }
    return queue;
  }
}
