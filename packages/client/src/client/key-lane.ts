import { compareNonces, isNonceText, NonceError } from '../nonce/compare.js';
import type { CallStep, NonceRequest, NonceSource } from '../nonce/types.js';
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
 *
 * A source with `settle` (one that orders calls across processes) is told when each nonce's call is over: after
 * the call's own promise has settled (so a settle failure never changes its result), and before the lane starts
 * the next call; also for a nonce that was never sent (the caller aborted, or the source broke its contract).
 */
export interface KeyLane {
  /**
   * Runs `start` with the next nonce, in FIFO order; `timeoutMs` (the call's timeout) and `step` (work a store
   * source takes with the slot) are passed to the source.
   */
  run<T>(
    start: (nonce: string) => Promise<T>,
    signal?: AbortSignal,
    timeoutMs?: number,
    step?: CallStep,
  ): Promise<T>;
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
  timeoutMs: number | undefined;
  step: CallStep | undefined;
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

  run<T>(
    start: (nonce: string) => Promise<T>,
    signal?: AbortSignal,
    timeoutMs?: number,
    step?: CallStep,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(notSentAborted(signal));
        return;
      }
      const job: Job = {
        start,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal,
        timeoutMs,
        step,
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
    else if (this.held?.job === job) {
      // Its nonce was taken but never sent: give it back.
      void this.settle(this.held.nonce);
      this.held = undefined;
    } else return; // taking its nonce (the source sees the signal) or started (the transport sees it)
    job.reject(notSentAborted(job.signal));
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
    let nonce: string | undefined;
    try {
      const issued = this.nonce.next(nonceRequestOf(job));
      nonce = typeof issued === 'string' ? issued : await issued;
      // Aborted while the source was answering: the nonce was never used.
      if (job.signal?.aborted) throw notSentAborted(job.signal);
      this.checkIncreasing(nonce);
      return nonce;
    } catch (error) {
      if (nonce !== undefined) await this.settle(nonce);
      job.reject(job.signal?.aborted ? notSentAborted(job.signal) : error);
      return undefined;
    }
  }

  /** Tells a settling source that `nonce`'s call is over; its failure is the source's business, not the call's. */
  private async settle(nonce: string): Promise<void> {
    if (this.nonce.settle === undefined) return;
    try {
      await this.nonce.settle(nonce);
    } catch {
      // The call's outcome is already delivered; a source that could not free its slot lets its lease expire.
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
    const finish = () => {
      this.running.splice(this.running.indexOf(nonce), 1);
      void this.pump();
    };
    const delivered = pending.then(job.resolve, job.reject);
    // A settling source frees the slot before the next call asks for one; the others skip the extra turn.
    if (this.nonce.settle === undefined) void delivered.finally(finish);
    else void delivered.then(() => this.settle(nonce)).finally(finish);
  }
}

function nonceRequestOf(job: Job): NonceRequest {
  const request: NonceRequest = {};
  if (job.signal !== undefined) request.signal = job.signal;
  if (job.timeoutMs !== undefined) request.timeoutMs = job.timeoutMs;
  if (job.step !== undefined) request.step = job.step;
  return request;
}

function notSentAborted(signal: AbortSignal | undefined): RequestNotSentError {
  return new RequestNotSentError('aborted while waiting for the key lane', { cause: signal?.reason });
}
