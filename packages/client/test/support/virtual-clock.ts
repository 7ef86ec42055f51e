/**
 * Virtual time for rate-limit tests: `now` and `sleep` for the limiter, `at` to schedule arrivals, and `runUntil`
 * to advance from one timer to the next once every promise chain has settled. Deterministic, and an hour of
 * Kraken time runs in milliseconds.
 */
interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

export class VirtualClock {
  private time: number;
  private seq = 0;
  /** Binary min-heap on (at, seq): thousands of timers stay cheap. */
  private readonly heap: Timer[] = [];
  private readonly cancelled = new Set<Timer>();

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.cancelled.add(entry);
        reject(signal?.reason);
      };
      const entry = this.schedule(this.time + Math.max(0, ms), () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  /** Runs `fire` when virtual time reaches `time`. */
  at(time: number, fire: () => void): void {
    this.schedule(time, fire);
  }

  /** Lets every pending promise chain run (one macrotask turn drains the microtask queue). */
  async settle(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Fires timers in time order (FIFO within an instant) up to and including `limit`, settling between instants. */
  async runUntil(limit = Number.POSITIVE_INFINITY): Promise<void> {
    await this.settle();
    for (;;) {
      const next = this.heap[0];
      if (!next || next.at > limit) break;
      this.time = Math.max(this.time, next.at);
      while (this.heap[0] && this.heap[0].at <= this.time) {
        const timer = this.pop();
        if (!this.cancelled.delete(timer)) timer.fire();
      }
      await this.settle();
    }
    if (Number.isFinite(limit)) this.time = Math.max(this.time, limit);
  }

  get pendingTimers(): number {
    return this.heap.length - this.cancelled.size;
  }

  private schedule(at: number, fire: () => void): Timer {
    const timer: Timer = { at, seq: this.seq++, fire };
    const heap = this.heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
    return timer;
  }

  private pop(): Timer {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
        index = smallest;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
