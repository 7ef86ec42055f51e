/** Runs a task later, once the caller's work is done. */
export type Defer = (task: () => void) => void;

/**
 * After the current turn of the event loop and its promise reactions: an order's answer, the caller's next order
 * and its request are all written before the task runs (while the request is in flight). Unref'd: it never keeps a
 * process alive.
 */
export const deferToIdle: Defer = (task) => {
  setImmediate(task).unref();
};

/**
 * Adds waiting before a deferred task is scheduled to apply them. Applied one by one, the adds of a bot sending
 * order after order cost about 2 % of each order's time through real sockets (p50, against no registry at all);
 * applied 16 at a time, 1.8 of those 2 points came off (see docs/decisions/0014). Fewer waiting are applied by the
 * next read, or once more orders come.
 */
const DEFERRED_BATCH = 16;

/** More orders than this waiting are applied at once (a caller that never yields to the event loop). */
const MOST_PENDING = 64;

/**
 * Orders added to the registry and not applied yet, in the order they came. An order's answer is on the caller's
 * path, and a bot that only adds never reads the registry (it gives cancels and amends their order's pair and age),
 * so the adds are applied in batches by a deferred task; whatever reads the registry applies them first (`flush`),
 * so every answer is the same as if each add had been applied at once.
 */
export class PendingAdds {
  private readonly ids: string[] = [];
  private readonly clOrdIds: Array<string | undefined> = [];
  private readonly pairs: string[] = [];
  private readonly times: number[] = [];
  private count = 0;
  private scheduled = false;
  private readonly flushLater = () => {
    this.scheduled = false;
    this.flush();
  };

  constructor(
    private readonly apply: (id: string, clOrdId: string | undefined, pair: string, now: number) => void,
    private readonly defer: Defer,
  ) {}

  push(id: string, clOrdId: string | undefined, pair: string, now: number): void {
    const index = this.count;
    this.ids[index] = id;
    this.clOrdIds[index] = clOrdId;
    this.pairs[index] = pair;
    this.times[index] = now;
    this.count = index + 1;
    if (this.count >= MOST_PENDING) this.flush();
    else if (this.count >= DEFERRED_BATCH && !this.scheduled) {
      this.scheduled = true;
      this.defer(this.flushLater);
    }
  }

  /** Applies every waiting add, oldest first. */
  flush(): void {
    const { count, ids, clOrdIds, pairs, times } = this;
    for (let index = 0; index < count; index++) {
      this.apply(ids[index]!, clOrdIds[index], pairs[index]!, times[index]!);
    }
    this.count = 0;
  }
}
