import { setTimeout as delay } from 'node:timers/promises';
import type { AccountId, StateStore } from '@krakenkit/core/store';
import { DEFAULT_TIMEOUT_MS } from '../client/options.js';
import { storeCall } from '../errors/store-failure.js';
import { NonceError } from './compare.js';
import { FairTurns } from './fair-turns.js';
import type { NonceRequest, NonceSource } from './types.js';

/**
 * How long past a call's own timeout its slot is held (ms): the answer may finish a little after the timer fires,
 * and a slot lost while the call is still live would let another process's call overtake it.
 */
export const STORE_LEASE_MARGIN_MS = 5_000;

/** Default slot lease: the client's default per-attempt timeout plus the margin (20 s). */
const DEFAULT_STORE_LEASE_MS = DEFAULT_TIMEOUT_MS + STORE_LEASE_MARGIN_MS;

/** Default longest pause between two asks for a slot (ms). */
const DEFAULT_STORE_MAX_RETRY_WAIT_MS = 25;

/** Options of {@link createStoreNonceSource}. */
export interface StoreNonceOptions {
  /** The store every process using the key shares. */
  store: StateStore;
  /** The key's account in the store: `accountIdOf(apiKey)` from `@krakenkit/core/store`. */
  account: AccountId;
  /** The key's nonce window on Kraken (default 0: one private call of the key in flight across every process). */
  nonceWindow?: number;
  /**
   * How long a slot stays held when its process dies mid-call (ms); default 20 s. Each call holds its slot at
   * least its own timeout plus 5 s, so a live call never loses it.
   */
  leaseMs?: number;
  /** Longest pause between two asks while another process holds the slot (ms); default 25. */
  maxRetryWaitMs?: number;
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
  /** Frees the slot of `nonce`. Never rejects: a slot it could not free is freed before the next call, or expires. */
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

class StoreSlots implements StoreNonceSource {
  readonly store: StateStore;
  readonly account: AccountId;
  readonly nonceWindow: number;
  readonly #leaseMs: number;
  readonly #maxRetryWaitMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Slots whose endCall failed: freed before the next slot is asked for. */
  readonly #unsettled = new Set<string>();
  readonly #turns: FairTurns;

  constructor(options: StoreNonceOptions) {
    this.store = options.store;
    this.account = options.account;
    this.nonceWindow = wholeAtLeast(options.nonceWindow ?? 0, 0, 'nonceWindow');
    this.#leaseMs = wholeAtLeast(options.leaseMs ?? DEFAULT_STORE_LEASE_MS, 1, 'leaseMs');
    this.#maxRetryWaitMs = wholeAtLeast(
      options.maxRetryWaitMs ?? DEFAULT_STORE_MAX_RETRY_WAIT_MS,
      1,
      'maxRetryWaitMs',
    );
    this.#sleep = options.sleep ?? realSleep;
    this.#turns = new FairTurns(this.#maxRetryWaitMs);
  }

  async next(request: NonceRequest = {}): Promise<string> {
    const { signal } = request;
    const leaseMs = Math.max(this.#leaseMs, (request.timeoutMs ?? 0) + STORE_LEASE_MARGIN_MS);
    await this.#storeCall(() => this.#endUnsettled());
    const pause = this.#turns.pauseBeforeAsking();
    if (pause > 0) await this.#sleep(pause, signal);
    for (let refusals = 0; ; refusals += 1) {
      signal?.throwIfAborted();
      const answer = await this.#storeCall(() =>
        this.store.beginCall(this.account, { window: this.nonceWindow, leaseMs }),
      );
      if (answer.granted) {
        this.#turns.granted(refusals);
        if (signal?.aborted) {
          await this.settle(answer.nonce);
          signal.throwIfAborted();
        }
        return answer.nonce;
      }
      await this.#sleep(this.#backoff(refusals, answer.retryInMs), signal);
    }
  }

  async settle(nonce: string): Promise<void> {
    this.#turns.ended();
    try {
      await this.store.endCall(this.account, nonce);
      this.#unsettled.delete(nonce);
    } catch {
      // Tried again before the next call; if the store stays away the slot's lease ends it.
      this.#unsettled.add(nonce);
    }
  }

  async #endUnsettled(): Promise<void> {
    for (const nonce of [...this.#unsettled]) {
      await this.store.endCall(this.account, nonce);
      this.#unsettled.delete(nonce);
    }
  }

  // Doubling from 1 ms up to the cap, as long as the store asks unless that is past the cap (a held slot can be
  // freed at any moment), less up to a quarter of jitter so processes refused together do not ask together.
  #backoff(refusals: number, retryInMs: number): number {
    const asked = Number.isFinite(retryInMs) ? retryInMs : this.#maxRetryWaitMs;
    const wait = Math.min(this.#maxRetryWaitMs, Math.max(2 ** Math.min(refusals, 20), asked));
    return Math.max(1, Math.ceil(wait * (0.75 + Math.random() * 0.25)));
  }

  #storeCall<T>(call: () => Promise<T>): Promise<T> {
    return storeCall(this.store, call);
  }
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
