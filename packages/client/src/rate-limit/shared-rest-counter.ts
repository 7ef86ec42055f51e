import type { AccountId, ChargeAnswer, StateStore } from '@krakenkit/core/store';
import { storeCall } from '../errors/store-failure.js';
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
 * Kraken's REST counter of one key as the store holds it: every process charges it there, so together they stay
 * within the key's one budget. The same rule as the local RestCounter: a charge is granted when the decayed
 * level plus the cost fits the max; otherwise nothing is charged and the answer says when it would fit.
 */
export class SharedRestCounter {
  constructor(
    private readonly shared: SharedCounterStore,
    private readonly limits: RestLimits,
  ) {}

  /**
   * Charges `cost` if the key's counter has room now.
   * @throws StoreUnavailableError (or another store error) when the store fails: nothing was charged.
   */
  tryCharge(cost: number): Promise<ChargeAnswer> {
    return storeCall(this.shared.store, () =>
      this.shared.store.charge(this.shared.account, { counter: REST_COUNTER, cost, ...this.#rule() }),
    );
  }

  /**
   * The answer to a call charged at `sentAt` arrived at `now`: Kraken charged it on arrival, so it has decayed
   * less there than in the store; put the flight's decay back (at most the cost), as the local counter does.
   * Not awaited: a correction the store misses only leaves the shared count a little low until the next one.
   */
  settleFlight(cost: number, sentAt: number, now: number): void {
    const back = Math.min(cost, (this.limits.decayPerSecond * Math.max(0, now - sentAt)) / 1000);
    if (back > 0) this.#force(back);
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
