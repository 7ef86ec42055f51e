import { compareNonces, isNonceText, NonceError } from '../nonce/compare.js';
import type { NonceSource } from '../nonce/types.js';
import { RequestNotSentError } from '../transport/types.js';

/**
 * The ordered lane of one API key. `run(start)` takes a nonce and calls `start(nonce)` in FIFO order; `start`
 * must build, sign and hand the request to the transport synchronously (before its first `await`), so requests
 * leave in nonce order.
 *
 * Arrival order: with nonce window 0 (Kraken's default, strictly increasing) one call is in flight at a time: the
 * next nonce is taken only after the previous answer is complete, so calls ARRIVE in nonce order whatever the
 * network does. With a window W > 0 (Kraken accepts a nonce up to W below the highest it has seen) up to W calls
 * may be in flight, and a call only starts while its nonce is within W of the oldest call still in flight: then
 * however the in-flight calls overtake each other, none arrives more than W below one that arrived before it.
 */
export interface KeyLane {
  run<T>(start: (nonce: string) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** The key's nonce window this lane honours (0 = strict). */
  readonly nonceWindow: number;
  /** Calls started and not finished. */
  readonly inFlight: number;
}

interface Job {
  start: (nonce: string) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Creates a lane over `nonce` for a key whose Kraken nonce window is `nonceWindow` (default 0, strict). */
export function createKeyLane(nonce: NonceSource, nonceWindow = 0): KeyLane {
  return new OrderedLane(nonce, normalizeNonceWindow(nonceWindow));
}

/** A usable window: a positive safe integer, else 0 (strict). */
export function normalizeNonceWindow(nonceWindow: number | undefined): number {
  return nonceWindow !== undefined && Number.isSafeInteger(nonceWindow) && nonceWindow > 0 ? nonceWindow : 0;
}

class OrderedLane implements KeyLane {
  private readonly queue: Job[] = [];
  /** Nonces of the calls in flight, in start (= nonce) order. */
  private readonly running: string[] = [];
  /** A job that has its nonce and waits for the window to allow it. */
  private held: { job: Job; nonce: string } | undefined;
  private pumping = false;
  private lastNonce: string | undefined;
  private readonly maxInFlight: number;

  constructor(
    private readonly nonce: NonceSource,
    readonly nonceWindow: number,
  ) {
    this.maxInFlight = nonceWindow > 0 ? nonceWindow : 1;
  }

  get inFlight(): number {
    return this.running.length;
  }

  run<T>(start: (nonce: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new RequestNotSentError('aborted while waiting for the key lane', { cause: signal.reason }));
        return;
      }
      const job: Job = {
        start,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal,
        onAbort: undefined,
      };
      if (signal) {
        job.onAbort = () => this.abandon(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      void this.pump();
    });
  }

  private abandon(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index >= 0) this.queue.splice(index, 1);
    else if (this.held?.job === job) this.held = undefined;
    else return; // already started: the transport sees the same signal
    job.reject(
      new RequestNotSentError('aborted while waiting for the key lane', { cause: job.signal?.reason }),
    );
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.running.length < this.maxInFlight) {
        if (!this.held) {
          const job = this.queue.shift();
          if (!job) return;
          const nonce = await this.takeNonce(job);
          if (nonce === undefined) continue;
          this.held = { job, nonce };
        }
        if (!this.fitsWindow(this.held.nonce)) return;
        const { job, nonce } = this.held;
        this.held = undefined;
        this.startJob(job, nonce);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async takeNonce(job: Job): Promise<string | undefined> {
    try {
      const issued = this.nonce.next();
      const nonce = typeof issued === 'string' ? issued : await issued;
      this.checkIncreasing(nonce);
      return nonce;
    } catch (error) {
      job.reject(error);
      return undefined;
    }
  }

  private checkIncreasing(nonce: string): void {
    if (!isNonceText(nonce))
      throw new NonceError(`nonce source returned ${JSON.stringify(nonce)}, not digits`);
    // A source that goes backwards would get the call rejected (and repeated invalid nonces ban the key): stop here.
    if (this.lastNonce !== undefined && compareNonces(nonce, this.lastNonce) <= 0) {
      throw new NonceError(`nonce source returned ${nonce} after ${this.lastNonce}; nonces must increase`);
    }
    this.lastNonce = nonce;
  }

  private fitsWindow(nonce: string): boolean {
    const oldest = this.running[0];
    if (oldest === undefined) return true;
    return BigInt(nonce) - BigInt(oldest) <= BigInt(this.nonceWindow);
  }

  private startJob(job: Job, nonce: string): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    this.running.push(nonce);
    let pending: Promise<unknown>;
    try {
      pending = job.start(nonce);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(job.resolve, job.reject).finally(() => {
      this.running.splice(this.running.indexOf(nonce), 1);
      void this.pump();
    });
  }
}
