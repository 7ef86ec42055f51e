import { compareNonces, isNonceText, NonceError } from '../nonce/compare.js';
import type { CallStep, NonceRequest, NonceSource } from '../nonce/types.js';
import { RequestNotSentError } from '../transport/types.js';

/**
 * The ordered lane of one API key. `run(start)` takes a nonce and calls `start(nonce)` in FIFO order; `start`
 * must build, sign and hand the request to the transport synchronously (before its first `await`), so requests
 * leave in nonce order. When the lane is free and the source answers synchronously, `start` runs before `run`
 * returns: an order waits for no promise turn on its way out.
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
  /** A job that has its nonce and waits for the window to allow it, and that nonce. */
  private heldJob: Job | undefined;
  private heldNonce = '';
  /** The pump is running, or waits for the source (an async nonce, a nonce given back): calls only queue meanwhile. */
  private busy = false;
  /** The source's last answer came at once (a string, not a promise): the next call may start without queueing. */
  private answersAtOnce = false;
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
    if (signal?.aborted) return Promise.reject(notSentAborted(signal));
    if (this.isFree()) return this.runNow(start, signal, timeoutMs, step) as Promise<T>;
    return new Promise<T>((resolve, reject) => {
      const job = jobOf(start, signal, timeoutMs, step);
      job.resolve = resolve as (value: unknown) => void;
      job.reject = reject;
      if (signal) {
        job.onAbort = () => this.abandon(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /**
   * Nobody waits or runs (so any nonce fits the window), and the source answers at once (it did last time) and
   * needs no settle.
   */
  private isFree(): boolean {
    return (
      this.answersAtOnce &&
      !this.busy &&
      this.heldJob === undefined &&
      this.queue.length === 0 &&
      this.running.length === 0 &&
      this.nonce.settle === undefined
    );
  }

  /**
   * The free lane's path: the call starts before run() returns and its answer reaches the caller one promise turn
   * after the transport's (no job to queue, no promise of its own). A source that answers later after all is
   * waited for as a queued call would be.
   */
  private runNow(
    start: (nonce: string) => Promise<unknown>,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    step: CallStep | undefined,
  ): Promise<unknown> {
    const job = jobOf(start, signal, timeoutMs, step);
    let issued: string | Promise<string>;
    try {
      issued = this.nonce.next(nonceRequestOf(job));
      if (typeof issued === 'string') this.checkIncreasing(issued);
    } catch (error) {
      return Promise.reject(error);
    }
    if (typeof issued !== 'string') {
      this.answersAtOnce = false;
      return new Promise((resolve, reject) => {
        job.resolve = resolve;
        job.reject = reject;
        this.busy = true;
        void this.awaitNonce(job, issued).then(() => this.resume());
      });
    }
    return this.begin(start, issued);
  }

  /**
   * Starts a call with its nonce; the returned promise settles as the call does, with its turn already freed, so
   * a call its caller makes next finds the lane free.
   */
  private begin(start: (nonce: string) => Promise<unknown>, nonce: string): Promise<unknown> {
    this.running.push(nonce);
    let pending: Promise<unknown>;
    try {
      pending = start(nonce);
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(
      (value) => {
        this.finish(nonce);
        return value;
      },
      (error: unknown) => {
        this.finish(nonce);
        throw error;
      },
    );
  }

  private abandon(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index >= 0) this.queue.splice(index, 1);
    else if (this.heldJob === job) {
      // Its nonce was taken but never sent: give it back.
      void this.settle(this.heldNonce);
      this.heldJob = undefined;
    } else return; // taking its nonce (the source sees the signal) or started (the transport sees it)
    job.reject(notSentAborted(job.signal));
    this.pump();
  }

  /**
   * Starts the queued calls the window allows, in order. Synchronous while the source answers synchronously (the
   * clock and persisted sources): no promise turn between a call and its start. An async answer pauses the pump
   * (still busy, so later calls keep their place) until it arrives.
   */
  private pump(): void {
    if (this.busy) return;
    this.busy = true;
    while (this.running.length < this.maxInFlight) {
      if (!this.heldJob) {
        const job = this.queue.shift();
        if (!job) break;
        const waiting = this.takeNonce(job);
        if (waiting !== undefined) {
          void waiting.then(() => this.resume());
          return;
        }
        continue; // the job holds its nonce now, or it failed
      }
      if (!this.fitsWindow(this.heldNonce)) break;
      const job = this.heldJob;
      this.heldJob = undefined;
      this.startJob(job, this.heldNonce);
    }
    this.busy = false;
  }

  private resume(): void {
    this.busy = false;
    this.pump();
  }

  /** Asks the source for `job`'s nonce and holds it; returns the wait when the source answers later. */
  private takeNonce(job: Job): Promise<void> | undefined {
    let issued: string | Promise<string>;
    try {
      issued = this.nonce.next(nonceRequestOf(job));
    } catch (error) {
      return this.refuse(job, undefined, error);
    }
    this.answersAtOnce = typeof issued === 'string';
    if (typeof issued === 'string') return this.hold(job, issued);
    return this.awaitNonce(job, issued);
  }

  /** Waits for a source's later answer for `job` and holds it (or fails the job). */
  private awaitNonce(job: Job, issued: Promise<string>): Promise<void> {
    return Promise.resolve(issued).then(
      (nonce) => this.hold(job, nonce),
      (error: unknown) => this.refuse(job, undefined, error),
    );
  }

  /** Holds a nonce for `job` once it is known good; returns the wait when a bad one must be given back first. */
  private hold(job: Job, nonce: string): Promise<void> | undefined {
    try {
      // Aborted while the source was answering: the nonce was never used.
      if (job.signal?.aborted) throw notSentAborted(job.signal);
      this.checkIncreasing(nonce);
    } catch (error) {
      return this.refuse(job, nonce, error);
    }
    this.heldJob = job;
    this.heldNonce = nonce;
    return undefined;
  }

  /** Fails a job before it was sent; a nonce it took is given back to a settling source first. */
  private refuse(job: Job, nonce: string | undefined, error: unknown): Promise<void> | undefined {
    const reason = job.signal?.aborted ? notSentAborted(job.signal) : error;
    detach(job);
    if (nonce === undefined || this.nonce.settle === undefined) {
      job.reject(reason);
      return undefined;
    }
    return this.settle(nonce).then(() => job.reject(reason));
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
    detach(job);
    if (this.nonce.settle === undefined) {
      void this.begin(job.start, nonce).then(job.resolve, job.reject);
      return;
    }
    this.running.push(nonce);
    let pending: Promise<unknown>;
    try {
      pending = job.start(nonce);
    } catch (error) {
      pending = Promise.reject(error);
    }
    // A settling source frees the slot after the call's own promise has settled, before the next call asks for one.
    void pending
      .then(job.resolve, job.reject)
      .then(() => this.settle(nonce))
      .then(() => this.finish(nonce));
  }

  private finish(nonce: string): void {
    this.running.splice(this.running.indexOf(nonce), 1);
    this.pump();
  }
}

/** The job no longer waits: its abort listener goes (the transport watches the signal from now on). */
function jobOf(
  start: (nonce: string) => Promise<unknown>,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
  step: CallStep | undefined,
): Job {
  return { start, resolve: ignore, reject: ignore, signal, timeoutMs, step, onAbort: undefined };
}

function ignore(): void {}

function detach(job: Job): void {
  if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
  job.onAbort = undefined;
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
