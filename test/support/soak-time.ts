/**
 * Time for the soaks. The exchange, the client's limiter and the guard must share one clock, or the counters they
 * each keep would drift apart. Two kinds:
 * - {@link VirtualTime}: a ManualClock that jumps to the next sleeper once everything else has settled (CI);
 * - {@link warpedTime}: real time running `factor` times faster, so real HTTP faces Kraken's real budgets in a
 *   fraction of the wall-clock time (the chaos soak).
 */
import { ManualClock } from '@krakenkit/mock-exchange';

/** What the client (timers), the guard (clock) and the exchange (Clock) read. */
export interface SoakTime {
  now(): number;
  /** Waits `ms` on this clock; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

interface Sleeper {
  at: number;
  seq: number;
  wake: () => void;
}

/** Lets every pending microtask and I/O callback run (the in-process transport answers without I/O). */
async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Virtual time: nothing waits for real; `drive` moves the clock from one sleeper to the next. */
export class VirtualTime implements SoakTime {
  readonly clock: ManualClock;
  readonly #sleepers: Sleeper[] = [];
  #seq = 0;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.clock = new ManualClock(startMs);
  }

  now = (): number => this.clock.now();

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const sleeper: Sleeper = {
        at: this.clock.now() + Math.max(0, ms),
        seq: this.#seq++,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.#sleepers.indexOf(sleeper);
        if (index >= 0) this.#sleepers.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });

  /**
   * Runs `work` to completion: whenever it is blocked on sleeps only, the clock jumps to the earliest one.
   * Throws if the work is blocked on something that is not a sleep (a deadlock in virtual time).
   */
  async drive<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const finished = work.finally(() => {
      done = true;
    });
    finished.catch(() => undefined);
    for (;;) {
      await settle();
      if (done) return finished;
      const next = this.#earliest();
      if (next === undefined) {
        await settle();
        if (done) return finished;
        throw new Error('virtual time: the work is blocked on something other than a sleep');
      }
      if (next.at > this.clock.now()) this.clock.set(next.at);
      this.#wakeDue();
    }
  }

  #earliest(): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const sleeper of this.#sleepers)
      if (best === undefined || sleeper.at < best.at || (sleeper.at === best.at && sleeper.seq < best.seq))
        best = sleeper;
    return best;
  }

  #wakeDue(): void {
    const now = this.clock.now();
    const due = this.#sleepers.filter((sleeper) => sleeper.at <= now).sort((a, b) => a.seq - b.seq);
    for (const sleeper of due) this.#sleepers.splice(this.#sleepers.indexOf(sleeper), 1);
    for (const sleeper of due) sleeper.wake();
  }
}

/** Real time, but `factor` times faster: whole epoch milliseconds that never go back. */
export function warpedTime(factor: number, startMs = Date.now()): SoakTime {
  const origin = performance.now();
  return {
    now: () => startMs + Math.floor((performance.now() - origin) * factor),
    sleep: (ms, signal) => realSleep(ms / factor, signal),
  };
}

/** Plain real time. */
export const realTime: SoakTime = { now: () => Date.now(), sleep: (ms, signal) => realSleep(ms, signal) };

function realSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
