import type { Decimal } from '@krakenkit/core';
import type { ProtectionLeg } from '../strategies/protection.js';
import type { OrderRequest } from '../strategies/types.js';
import type { BotRunner } from './bot-runner.js';
import type { WatchedOrder } from './order-tracker.js';

/** A filled protected entry whose conditional close the exchange has not shown yet. */
export interface StopCheck {
  bot: BotRunner;
  entry: WatchedOrder;
  request: OrderRequest;
  /** The leg the conditional close is (the stop, the trailing stop, or a lone take-profit). */
  leg: ProtectionLeg;
  /** Base volume of the entry's fills seen so far. */
  volume: Decimal;
  /** Quote value of those fills (volume × price, summed): their average price is cost / volume. */
  cost: Decimal;
  /** Epoch ms after which a standalone stop stands in for the missing one. */
  deadline: number;
  /** Epoch ms of the next look-up (1 s after the first, then twice as long each time, the last at the deadline). */
  nextLookupAt: number;
  /** Look-ups so far (the one when the fill was seen included). */
  lookups: number;
}

// The second look-up of an entry's conditional close comes this long after the first; each later one twice as long.
const FIRST_LOOKUP_GAP_MS = 1_000;

/**
 * The filled entries still waiting for their conditional close, one per entry order (a later partial fill adds
 * its volume to the same check and keeps its deadline), grouped by key for one OpenOrders call each. Look-ups are
 * spaced out (1 s, 2 s, …): a missing close is rare, and each one spends a unit of the key's REST counter.
 */
export class StopChecks {
  readonly #checks = new Map<string, StopCheck>();

  get size(): number {
    return this.#checks.size;
  }

  /** Starts (or extends, for another fill of the same entry) the check of an entry. */
  add(
    what: Pick<StopCheck, 'bot' | 'entry' | 'request' | 'leg'>,
    fill: { volume: Decimal; price: Decimal },
    deadline: number,
  ): StopCheck {
    const value = fill.volume.times(fill.price);
    const earlier = this.#checks.get(what.entry.txid);
    if (earlier !== undefined) {
      earlier.volume = earlier.volume.plus(fill.volume);
      earlier.cost = earlier.cost.plus(value);
      return earlier;
    }
    const check: StopCheck = {
      ...what,
      volume: fill.volume,
      cost: value,
      deadline,
      nextLookupAt: 0,
      lookups: 0,
    };
    this.#checks.set(what.entry.txid, check);
    return check;
  }

  /** The check's look-up at `now` found nothing: when it is looked up next. */
  missed(check: StopCheck, now: number): void {
    check.lookups += 1;
    check.nextLookupAt = Math.min(check.deadline, now + FIRST_LOOKUP_GAP_MS * 2 ** (check.lookups - 1));
  }

  /** The entry's stop showed (or the check is over). */
  done(check: StopCheck): void {
    if (this.#checks.get(check.entry.txid) === check) this.#checks.delete(check.entry.txid);
  }

  /** The checks due for a look-up at `now`, by the key of their bot. */
  dueByKey(now: number): Map<string, StopCheck[]> {
    const byKey = new Map<string, StopCheck[]>();
    for (const check of this.#checks.values()) {
      if (now < check.nextLookupAt) continue;
      const list = byKey.get(check.bot.key) ?? [];
      list.push(check);
      byKey.set(check.bot.key, list);
    }
    return byKey;
  }

  /** Every check left, and none kept. */
  drain(): StopCheck[] {
    const left = [...this.#checks.values()];
    this.#checks.clear();
    return left;
  }
}
