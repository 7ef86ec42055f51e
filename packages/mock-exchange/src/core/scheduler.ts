/**
 * Timed work on the exchange clock (price steps, the dead man's switch, GTD expiry, withdrawal settlement,
 * margin rollover). Tasks run in (time, insertion) order so a replay is deterministic.
 */
export interface ScheduledTask {
  readonly at: number;
  readonly seq: number;
  readonly run: (at: number) => void;
  cancelled: boolean;
}

export class Scheduler {
  readonly #heap: ScheduledTask[] = [];
  #seq = 0;

  schedule(at: number, run: (at: number) => void): ScheduledTask {
    const task: ScheduledTask = { at, seq: this.#seq, run, cancelled: false };
    this.#seq += 1;
    this.#heap.push(task);
    this.#siftUp(this.#heap.length - 1);
    return task;
  }

  /** Runs every task due at or before `now`, including tasks that those tasks schedule within the window. */
  runUntil(now: number): void {
    for (;;) {
      const top = this.#heap[0];
      if (top === undefined || top.at > now) return;
      this.#pop();
      if (!top.cancelled) top.run(top.at);
    }
  }

  /** Time of the next pending task, if any. */
  nextAt(): number | undefined {
    while (this.#heap[0]?.cancelled) this.#pop();
    return this.#heap[0]?.at;
  }

  #pop(): void {
    const last = this.#heap.pop();
    if (last === undefined || this.#heap.length === 0) return;
    this.#heap[0] = last;
    this.#siftDown(0);
  }

  #less(i: number, j: number): boolean {
    const a = this.#heap[i]!;
    const b = this.#heap[j]!;
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #swap(i: number, j: number): void {
    const t = this.#heap[i]!;
    this.#heap[i] = this.#heap[j]!;
    this.#heap[j] = t;
  }

  #siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #siftDown(i: number): void {
    const n = this.#heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.#less(l, m)) m = l;
      if (r < n && this.#less(r, m)) m = r;
      if (m === i) return;
      this.#swap(i, m);
      i = m;
    }
  }
}
