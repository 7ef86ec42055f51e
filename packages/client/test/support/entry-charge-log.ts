/**
 * The log of unreported charges as it was before answered charges moved into typed arrays (one object per charge
 * kept until it ages out, a queue per pair with a running sum), kept verbatim as the reference the new log must sum
 * like.
 */
import type { LoggedCharge } from '../../src/rate-limit/unreported-charges.js';

/** A logged charge and whether it still counts (false once aged out or forgotten). */
interface Entry extends LoggedCharge {
  live: boolean;
}

/**
 * (Previous implementation.) The charges a report of the exchange's counter (the executions feed's `ratecount`) may not include yet, per pair.
 * A report covers every call the exchange processed before writing it. A call is surely covered once its answer
 * came back and `lagMs` have passed since it was sent (its flight plus the feed's delay); younger charges, and calls
 * still in flight, are added on top of a report. At worst such a charge is counted twice, which only costs a little
 * throughput; a charge left out could let the next call arrive over the threshold. Older charges are forgotten as
 * they age, so the log holds only the last `lagMs` of calls.
 *
 * Every order is logged here, so the log is kept cheap: each pair's charges in time order with a running sum, so
 * recording, ageing out and the sum cost O(1) per charge however many are logged (see PairLog).
 */
export class EntryChargeLog {
  private readonly byPair = new Map<string, PairLog>();

  constructor(readonly lagMs: number) {}

  record(pair: string, cost: number, at: number): LoggedCharge {
    let log = this.byPair.get(pair);
    if (log === undefined) {
      log = new PairLog(this.lagMs);
      this.byPair.set(pair, log);
    }
    log.prune(at);
    const charge: Entry = { pair, cost, at, settledAt: undefined, live: true };
    log.append(charge);
    return charge;
  }

  /** The call's answer came back. */
  settle(charge: LoggedCharge, now: number): void {
    charge.settledAt ??= now;
  }

  /** The exchange refused the call (rate limit): it never charged it. */
  forget(charge: LoggedCharge): void {
    this.byPair.get(charge.pair)?.drop(charge as Entry);
  }

  /** What a report of `pair` arriving at `now` may leave out: the sum of the charges it may not cover. */
  pending(pair: string, now: number): number {
    const log = this.byPair.get(pair);
    if (log === undefined) return 0;
    log.prune(now);
    return log.sum;
  }
}

/**
 * One pair's live charges. `queue[head..]` holds them in order of `at` (a clock that steps back inserts in place);
 * `lingering` holds the charges old enough to age out but still in flight (their answer is late), a handful at
 * most. A charge ages out once it is settled and `lagMs` old; the charges are costs of orders (halves of whole
 * units), so the running sum stays exact.
 */
class PairLog {
  private queue: Entry[] = [];
  private head = 0;
  private lingering: Entry[] = [];
  /** The sum of the live charges' costs. */
  sum = 0;

  constructor(private readonly lagMs: number) {}

  append(charge: Entry): void {
    const { queue } = this;
    this.sum += charge.cost;
    const last = queue.length > this.head ? queue[queue.length - 1]! : undefined;
    if (last === undefined || last.at <= charge.at) {
      queue.push(charge);
      return;
    }
    // The clock stepped back: keep the queue in time order (rare, so a linear insert is fine).
    let index = queue.length;
    while (index > this.head && queue[index - 1]!.at > charge.at) index -= 1;
    queue.splice(index, 0, charge);
  }

  /** Takes a charge out (the exchange never charged it). */
  drop(charge: Entry): void {
    if (!charge.live) return;
    charge.live = false;
    this.sum -= charge.cost;
    // A dropped charge still in the queue or the lingering list is skipped when its turn comes.
  }

  /**
   * Ages out every charge that is settled and `lagMs` old at `now`. Charges leave the queue's head once old enough:
   * settled ones are dropped, the ones still in flight move to `lingering` until their answer comes.
   */
  prune(now: number): void {
    const { queue, lagMs } = this;
    let { head } = this;
    while (head < queue.length && now - queue[head]!.at >= lagMs) {
      const charge = queue[head]!;
      head += 1;
      if (!charge.live) continue;
      if (charge.settledAt !== undefined) this.expire(charge);
      else this.lingering.push(charge);
    }
    this.head = head;
    if (this.lingering.length > 0) this.pruneLingering(now);
    this.compact();
  }

  private pruneLingering(now: number): void {
    const kept: Entry[] = [];
    for (const charge of this.lingering) {
      if (!charge.live) continue;
      // Old enough is checked again: a clock that stepped back makes a charge young again.
      if (charge.settledAt !== undefined && now - charge.at >= this.lagMs) this.expire(charge);
      else kept.push(charge);
    }
    this.lingering = kept;
  }

  private expire(charge: Entry): void {
    charge.live = false;
    this.sum -= charge.cost;
  }

  /** Frees the slots before the head once they are most of the array (amortised O(1) per charge). */
  private compact(): void {
    const { head, queue } = this;
    if (head === queue.length) {
      if (head > 0) {
        this.queue = [];
        this.head = 0;
      }
      if (this.lingering.length === 0) this.sum = 0;
    } else if (head >= 1024 && head * 2 >= queue.length) {
      this.queue = queue.slice(head);
      this.head = 0;
    }
  }
}
