/**
 * Virtual time across real loopback sockets: the exchange's ManualClock is the client's clock, and it moves only
 * when no request is on the wire and every caller is asleep; then it jumps to the earliest sleeper. While a request
 * travels the clock stands still, so the exchange sees each call at the instant the client's limiter let it go,
 * and an hour of Kraken time runs in seconds without depending on how fast this machine is.
 */
import type { Transport, TransportRequest, TransportResponse } from '@krakenkit/client/transport';
import { ManualClock } from '../../src/core/clock.js';

interface Sleeper {
  at: number;
  seq: number;
  wake: () => void;
}

/** Lets every ready continuation run (two turns: a response's chain may start the next request). */
async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class LoopbackVirtualTime {
  readonly clock: ManualClock;
  readonly #sleepers: Sleeper[] = [];
  #seq = 0;
  #inFlight = 0;
  #landed: (() => void) | undefined;

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

  /** Wraps a transport so the clock knows when requests are on the wire. */
  track(inner: Transport): Transport {
    return {
      send: async (request: TransportRequest): Promise<TransportResponse> => {
        this.#inFlight += 1;
        try {
          return await inner.send(request);
        } finally {
          this.#inFlight -= 1;
          if (this.#inFlight === 0) this.#landed?.();
        }
      },
      close: () => inner.close?.() ?? Promise.resolve(),
      ...(inner.handlesTimeout === undefined ? {} : { handlesTimeout: inner.handlesTimeout }),
    };
  }

  /** Runs `work` to completion, moving the clock only while nothing is on the wire and everyone sleeps. */
  async drive<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const finished = work.finally(() => {
      done = true;
    });
    finished.catch(() => undefined);
    for (;;) {
      await this.#quiet();
      if (done) return finished;
      const next = this.#earliest();
      if (next === undefined)
        throw new Error('virtual time: the work is blocked on something other than a sleep');
      if (next.at > this.clock.now()) this.clock.set(next.at);
      this.#wakeDue();
    }
  }

  /** Until no request is on the wire, even after the continuations of the last answers had their turn. */
  async #quiet(): Promise<void> {
    for (;;) {
      await settle();
      if (this.#inFlight === 0) return;
      await new Promise<void>((resolve) => {
        this.#landed = resolve;
      });
      this.#landed = undefined;
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
