import { KRAKENKIT_CODES } from '@krakenkit/core';
import type { AccountId, StateStore } from '@krakenkit/core/store';
import { KrakenkitError } from '../errors/index.js';
import { storeCall } from '../errors/store-failure.js';
import type { CallStep } from '../nonce/types.js';
import { DecayingCounter } from './decaying-counter.js';
import type { RestLimits } from './tiers.js';

/** Where a limiter shares Kraken's REST counter with the other processes using the API key. */
export interface SharedCounterStore {
  /** The store every process using the key shares. */
  store: StateStore;
  /** The key's account in the store: `accountIdOf(apiKey)` from `@krakenkit/core/store`. */
  account: AccountId;
}

/** The name of the key's REST counter in the store (the guard's matching-engine counters are `me:<pair>`). */
const REST_COUNTER = 'rest';

/**
 * A call's shared REST charge did not fit (the other processes on the key used the budget): it was not sent.
 * Internal: the limiter turns it into a wait, or a RateLimitError in fail-fast mode.
 */
export class SharedChargeRefused extends KrakenkitError {
  override name = 'SharedChargeRefused';
  constructor(
    /** How long until the charge would fit (ms; Infinity: never). */
    readonly waitMs: number,
    /** The shared counter's level when refused. */
    readonly level: number,
  ) {
    super(`the key's shared REST counter is at ${level.toFixed(2)}: the call was not sent`, {
      code: KRAKENKIT_CODES.RATE_LIMITED,
      category: 'rate-limit',
      retryable: true,
    });
  }
}

/**
 * Kraken's REST counter of one key as the store holds it: every process charges it there, so together they stay
 * within the key's one budget. The same rule as the local RestCounter: a charge is granted when the decayed
 * level plus the cost fits the max; otherwise nothing is charged and the answer says when it would fit.
 */
export class SharedRestCounter {
  /** The shared level the store last answered, decaying since: every process's charges, not only this one's. */
  readonly #seen: DecayingCounter;

  constructor(
    private readonly shared: SharedCounterStore,
    private readonly limits: RestLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.#seen = new DecayingCounter(limits.max, limits.decayPerSecond);
  }

  /**
   * The charge of a call costing `cost`, for the call's nonce source to take in the same store step as its
   * nonce; a background call leaves `headroom` units free above it (it charges under a lower max). When it does
   * not fit, the source throws SharedChargeRefused (nothing was sent) and the limiter decides.
   */
  admission(cost: number, headroom = 0): CallStep {
    const rule = this.#rule();
    return {
      charges: [{ counter: REST_COUNTER, cost, ...rule, max: rule.max - headroom }],
      chargesRefused: (retryInMs, answers) => {
        const level = answers.at(-1)?.level ?? this.limits.max;
        this.#see(level);
        return new SharedChargeRefused(retryInMs, level);
      },
      chargesGranted: (answers) => {
        const level = answers.at(-1)?.level;
        if (level !== undefined) this.#see(level);
      },
    };
  }

  /**
   * The key's shared level as this process last saw it in a store answer, decayed since (0 before any answer).
   * Other processes' charges since then are not in it: a lower bound, made current by this process's next call.
   */
  levelAt(now: number): number {
    return this.#seen.valueAt(now);
  }

  #see(level: number): void {
    if (Number.isFinite(level)) this.#seen.set(level, this.now());
  }

  /** Kraken answered `EAPI:Rate limit exceeded`: raise the shared level to the max (not awaited, as above). */
  snapToCap(): void {
    const { store, account } = this.shared;
    void storeCall(store, async () => {
      const level = await store.counterLevel(account, REST_COUNTER, this.limits.decayPerSecond);
      if (level < this.limits.max) this.#force(this.limits.max - level);
    }).catch(() => undefined);
  }

  #force(cost: number): void {
    const { store, account } = this.shared;
    void storeCall(store, () =>
      store.charge(account, { counter: REST_COUNTER, cost, ...this.#rule(), force: true }),
    ).catch(() => undefined);
  }

  #rule(): { max: number; decayPerSecond: number } {
    return { max: this.limits.max, decayPerSecond: this.limits.decayPerSecond };
  }
}
