import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type {
  AccountId,
  CallAnswer,
  CallEnding,
  CallRequest,
  CallWaiter,
  ChargeRequest,
  StateStore,
} from '@krakenkit/core/store';
import { storeCall } from '../errors/store-failure.js';
import { flightCorrection } from '../rate-limit/decaying-counter.js';
import { NonceError } from './compare.js';
import { FairTurns } from './fair-turns.js';
import type { NonceRequest, NonceSource } from './types.js';

/**
 * How long a call holds the key's turn at most (ms), by default. With nonce window 0 the key's other processes
 * wait while a call is in flight, so one whose answer is slow or lost would hold them all up until its timeout;
 * after this long its request has arrived at Kraken (or is so late that Kraken refuses it as `EAPI:Invalid
 * nonce`, unexecuted), and the next call may go.
 */
export const DEFAULT_STORE_HOLD_MS = 2_000;

/** How long past its hold a slot outlives a process that died mid-call (ms): the store then frees it. */
export const STORE_LEASE_MARGIN_MS = 1_000;

/** Default longest pause between two asks for a slot (ms). */
const DEFAULT_STORE_MAX_RETRY_WAIT_MS = 25;

/**
 * How late a process may come back for the budget it queued for (ms) before its place lapses, by default: it
 * covers a busy host's late timers and a store round trip; a process that died holds the others up this long.
 */
export const DEFAULT_STORE_QUEUE_GRACE_MS = 500;

/** Options of {@link createStoreNonceSource}. */
export interface StoreNonceOptions {
  /** The store every process using the key shares. */
  store: StateStore;
  /** The key's account in the store: `accountIdOf(apiKey)` from `@krakenkit/core/store`. */
  account: AccountId;
  /** The key's nonce window on Kraken (default 0: one private call of the key in flight across every process). */
  nonceWindow?: number;
  /**
   * How long a call holds the key's turn at most (ms; default 2,000): a call still unanswered then lets the next
   * call of the key go (it carries on and is reconciled as usual). Longer: fewer late requests refused by Kraken
   * as out of order; shorter: a lost answer holds the key's other calls up for less.
   */
  holdMs?: number;
  /** How long the store keeps the slot of a process that died mid-call (ms); default `holdMs` + 1,000. */
  leaseMs?: number;
  /** Longest pause between two asks while another process holds the slot (ms); default 25. */
  maxRetryWaitMs?: number;
  /**
   * How late this process may come back for shared budget it queued for (ms; default 500): a charge that does
   * not fit queues the process (`CallRequest.waiter`), so the key's processes get scarce budget in turn.
   */
  queueGraceMs?: number;
  /** Epoch-ms clock for a call's flight (see settle); default Date.now. Inject with `sleep` for virtual time. */
  now?: () => number;
  /** Waits `ms`, rejecting when `signal` aborts; default a real timer (another process is never virtual). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A nonce source that takes each nonce, and the right to send with it, from a `StateStore` (`@krakenkit/core/store`). */
export interface StoreNonceSource extends NonceSource {
  /** The store the slots come from. */
  readonly store: StateStore;
  /** The key's account in the store. */
  readonly account: AccountId;
  /** The nonce window the store is asked to honour (0 = strict). */
  readonly nonceWindow: number;
  /**
   * Waits for a slot (another process's call may hold it) and returns its nonce.
   * @throws StoreUnavailableError (or the store's StoreClosedError, StoreCorruptError) when the store fails:
   * no nonce was issued, so nothing may be sent.
   */
  next(request?: NonceRequest): Promise<string>;
  /** Frees the slot of `nonce` (with the next step, or at once after). Never rejects. */
  settle(nonce: string): Promise<void>;
}

/**
 * Nonces shared by every process on one API key, and the order their private calls arrive in: `next()` asks the
 * store for a slot (`beginCall`) and, while the slots are held by calls of other processes, waits and asks again
 * (backing off from 1 ms to `maxRetryWaitMs`, abortable; see FairTurns for how processes take turns); `settle()` (called by the client's key lane once the
 * answer is in) frees it (`endCall`). With nonce window 0 one call of the key is in flight across all processes,
 * so calls arrive in nonce order whatever the network does.
 *
 * A store failure rejects `next()` with the store's error before any nonce is issued: the call is not sent.
 */
export function createStoreNonceSource(options: StoreNonceOptions): StoreNonceSource {
  return new StoreSlots(options);
}

/**
 * A call holding a slot: what it charged, each counter's level just before (from the store's answer; 0 when it
 * gave none), and when the step that granted it was asked for (its flight is corrected at settle).
 */
interface HeldCall {
  askedAt: number;
  charges: readonly ChargeRequest[];
  levelsBefore: readonly number[];
  /** Ends the call's turn once it has held it `holdMs`. */
  timer: ReturnType<typeof setTimeout>;
}

class StoreSlots implements StoreNonceSource {
  readonly store: StateStore;
  readonly account: AccountId;
  readonly nonceWindow: number;
  readonly #holdMs: number;
  readonly #leaseMs: number;
  readonly #maxRetryWaitMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  /** Calls whose slots are held, by nonce. */
  readonly #held = new Map<string, HeldCall>();
  /** Calls that are over and whose slots are still to be freed: by the next beginCall, or by a flush. */
  #ending: CallEnding[] = [];
  #flushScheduled = false;
  #flushing: Promise<void> | undefined;
  readonly #turns: FairTurns;
  /** This source's place in the store's budget queue: a random id, and how late it may come back. */
  readonly #waiter: CallWaiter;

  constructor(options: StoreNonceOptions) {
    this.store = options.store;
    this.account = options.account;
    this.nonceWindow = wholeAtLeast(options.nonceWindow ?? 0, 0, 'nonceWindow');
    this.#holdMs = wholeAtLeast(options.holdMs ?? DEFAULT_STORE_HOLD_MS, 1, 'holdMs');
    this.#leaseMs = wholeAtLeast(options.leaseMs ?? this.#holdMs + STORE_LEASE_MARGIN_MS, 1, 'leaseMs');
    this.#maxRetryWaitMs = wholeAtLeast(
      options.maxRetryWaitMs ?? DEFAULT_STORE_MAX_RETRY_WAIT_MS,
      1,
      'maxRetryWaitMs',
    );
    this.#sleep = options.sleep ?? realSleep;
    this.#now = options.now ?? Date.now;
    this.#turns = new FairTurns(this.#maxRetryWaitMs);
    const graceMs = wholeAtLeast(options.queueGraceMs ?? DEFAULT_STORE_QUEUE_GRACE_MS, 1, 'queueGraceMs');
    this.#waiter = { id: randomUUID(), graceMs };
  }

  async next(request: NonceRequest = {}): Promise<string> {
    const { signal, step } = request;
    const leaseMs = this.#leaseMs;
    if (this.#flushing !== undefined) await this.#flushing;
    const pause = this.#turns.pauseBeforeAsking();
    if (pause > 0) {
      // Standing aside with our finished calls' slots still held would hold up the very processes we wait for.
      await this.#flush();
      await this.#sleep(pause, signal);
    }
    for (let refusals = 0; ; ) {
      signal?.throwIfAborted();
      const commit = step?.journal?.prepare();
      const ending = this.#takeEnding();
      const call: CallRequest = { window: this.nonceWindow, leaseMs };
      if (ending.length > 0) call.ending = ending;
      if (step?.charges !== undefined && step.charges.length > 0) {
        call.charges = step.charges;
        call.waiter = this.#waiter;
      }
      if (commit !== undefined) call.commit = commit;
      let answer: CallAnswer;
      // The store charges somewhere inside this step: the flight is counted from before it, to err long.
      const askedAt = this.#now();
      try {
        answer = await storeCall(this.store, () => this.store.beginCall(this.account, call));
      } catch (error) {
        // Whether the endings landed is unknown: ending a call again is harmless, so keep them for the next step.
        this.#ending.unshift(...ending);
        throw error;
      }
      if (answer.granted) {
        this.#turns.granted(refusals);
        if (commit !== undefined && answer.seq !== undefined) step?.journal?.landed(answer.seq);
        const { nonce } = answer;
        const timer = setTimeout(() => this.#endTurn(nonce), this.#holdMs);
        timer.unref?.();
        const charges = call.charges ?? [];
        if (charges.length > 0 && answer.charges !== undefined) step?.chargesGranted?.(answer.charges);
        const levelsBefore = charges.map((charge, i) => levelBefore(charge, answer.charges?.[i]?.level));
        this.#held.set(nonce, { askedAt, charges, levelsBefore, timer });
        if (signal?.aborted) {
          await this.settle(answer.nonce);
          signal.throwIfAborted();
        }
        return answer.nonce;
      }
      if (answer.stale !== undefined) {
        step?.journal?.caughtUp(answer.stale);
        continue;
      }
      if (answer.charges !== undefined && step?.chargesRefused !== undefined) {
        throw step.chargesRefused(answer.retryInMs, answer.charges);
      }
      await this.#sleep(this.#backoff(refusals, answer.retryInMs), signal);
      refusals += 1;
    }
  }

  /**
   * The call of `nonce` is over. Its slot is freed by this process's next beginCall when that follows at once
   * (one round trip for both), else by an endCall right after; a flight charged to a shared counter is corrected
   * in the same step. Never rejects: a slot it could not free is freed with the next step, or expires.
   */
  async settle(nonce: string): Promise<void> {
    this.#turns.ended();
    const held = this.#held.get(nonce);
    if (held === undefined) return; // its turn already ended (held too long), or it was settled before
    clearTimeout(held.timer);
    this.#endTurn(nonce);
  }

  /** Ends a call's turn: its slot is freed with the next step, or by a flush right after. */
  #endTurn(nonce: string): void {
    const held = this.#held.get(nonce);
    if (held === undefined) return;
    this.#held.delete(nonce);
    this.#ending.push(endingOf(nonce, held, this.#now()));
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      void this.#flush();
    });
  }

  #takeEnding(): CallEnding[] {
    const ending = this.#ending;
    this.#ending = [];
    return ending;
  }

  /** Frees the slots of finished calls no beginCall took along. */
  #flush(): Promise<void> {
    if (this.#flushing !== undefined) return this.#flushing;
    const ending = this.#takeEnding();
    if (ending.length === 0) return Promise.resolve();
    this.#flushing = (async () => {
      for (const [i, call] of ending.entries()) {
        try {
          await this.store.endCall(this.account, call.nonce, call.charges);
        } catch {
          // Tried again with the next step; if the store stays away the slot's lease ends it.
          this.#ending.unshift(...ending.slice(i));
          return;
        }
      }
    })().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  // Doubling from 1 ms up to the cap, as long as the store asks unless that is past the cap (a held slot can be
  // freed at any moment), less up to a quarter of jitter so processes refused together do not ask together.
  #backoff(refusals: number, retryInMs: number): number {
    const asked = Number.isFinite(retryInMs) ? retryInMs : this.#maxRetryWaitMs;
    const wait = Math.min(this.#maxRetryWaitMs, Math.max(2 ** Math.min(refusals, 20), asked));
    return Math.max(1, Math.ceil(wait * (0.75 + Math.random() * 0.25)));
  }
}

/**
 * How a finished call ends: its slot freed and, for each counter it charged, the decay the store credited during
 * its flight that Kraken's count could not have had (see flightCorrection): Kraken charged the call on arrival.
 * A counter that stayed above zero needs no correction; one that was empty gets up to the cost back.
 */
function endingOf(nonce: string, held: HeldCall | undefined, now: number): CallEnding {
  if (held === undefined || held.charges.length === 0) return { nonce };
  const flightMs = now - held.askedAt;
  const charges: ChargeRequest[] = [];
  for (const [i, charge] of held.charges.entries()) {
    const back = flightCorrection(charge.cost, held.levelsBefore[i] ?? 0, charge.decayPerSecond, flightMs);
    // Below a thousandth of a call the correction is not worth a write.
    if (back >= 0.001) charges.push({ ...charge, cost: back, force: true });
  }
  return charges.length === 0 ? { nonce } : { nonce, charges };
}

/** A counter's level just before a granted charge: the level the store answered, less the charge (0 if none). */
function levelBefore(charge: ChargeRequest, levelAfter: number | undefined): number {
  return levelAfter === undefined ? 0 : Math.max(0, levelAfter - charge.cost);
}

function wholeAtLeast(value: number, min: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new NonceError(`${name} must be a whole number ≥ ${min}, got ${value}`);
  }
  return value;
}

// Rejects with the signal's own reason, as AbortSignal.throwIfAborted does, wherever the abort lands.
function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal === undefined ? {} : { signal }).catch((error: unknown) => {
    throw signal?.aborted ? signal.reason : error;
  });
}
