/** One charge the limiter made to a pair's matching-engine counter. */
export interface LoggedCharge {
  readonly pair: string;
  readonly cost: number;
  /** When the limiter let the call go. */
  readonly at: number;
  /** When the call's outcome was observed; undefined while it is in flight. */
  settledAt: number | undefined;
}

/**
 * The charges a report of the exchange's counter (the executions feed's `ratecount`) may not include yet, per pair.
 * A report covers every call the exchange processed before writing it. A call is surely covered once its answer
 * came back and `lagMs` have passed since it was sent (its flight plus the feed's delay); younger charges, and calls
 * still in flight, are added on top of a report. At worst such a charge is counted twice, which only costs a little
 * throughput; a charge left out could let the next call arrive over the threshold. Older charges are forgotten as
 * they age, so the log holds only the last `lagMs` of calls.
 */
export class UnreportedCharges {
  private readonly byPair = new Map<string, Set<LoggedCharge>>();

  constructor(readonly lagMs: number) {}

  record(pair: string, cost: number, at: number): LoggedCharge {
    const charge: LoggedCharge = { pair, cost, at, settledAt: undefined };
    let charges = this.byPair.get(pair);
    if (charges === undefined) {
      charges = new Set();
      this.byPair.set(pair, charges);
    }
    this.prune(charges, at);
    charges.add(charge);
    return charge;
  }

  /** The call's answer came back. */
  settle(charge: LoggedCharge, now: number): void {
    charge.settledAt ??= now;
  }

  /** The exchange refused the call (rate limit): it never charged it. */
  forget(charge: LoggedCharge): void {
    this.byPair.get(charge.pair)?.delete(charge);
  }

  /** What a report of `pair` arriving at `now` may leave out: the sum of the charges it may not cover. */
  pending(pair: string, now: number): number {
    const charges = this.byPair.get(pair);
    if (charges === undefined) return 0;
    this.prune(charges, now);
    let sum = 0;
    for (const charge of charges) sum += charge.cost;
    return sum;
  }

  private prune(charges: Set<LoggedCharge>, now: number): void {
    for (const charge of charges) {
      if (charge.settledAt !== undefined && now - charge.at >= this.lagMs) charges.delete(charge);
    }
  }
}
