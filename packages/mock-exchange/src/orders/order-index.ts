import type { Pair } from '../market/pairs.js';
import type { Order } from './order.js';

/** Open orders of all accounts by pair: what a price step has to look at. */
export class OpenOrderIndex {
  readonly #byPair = new Map<string, Set<Order>>();

  add(order: Order): void {
    let set = this.#byPair.get(order.pair.id);
    if (set === undefined) {
      set = new Set();
      this.#byPair.set(order.pair.id, set);
    }
    set.add(order);
  }

  remove(order: Order): void {
    this.#byPair.get(order.pair.id)?.delete(order);
  }

  /** A snapshot (safe to iterate while orders close). */
  on(pair: Pair): Order[] {
    return [...(this.#byPair.get(pair.id) ?? [])];
  }

  countFor(accountId: string, pair: Pair): number {
    let n = 0;
    for (const order of this.#byPair.get(pair.id) ?? []) if (order.accountId === accountId) n += 1;
    return n;
  }
}
