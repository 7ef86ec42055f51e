/** One charge the limiter made to a pair's matching-engine counter. */
export interface LoggedCharge {
  readonly pair: string;
  readonly cost: number;
  /** When the limiter let the call go. */
  readonly at: number;
  /** When the call's outcome was observed; undefined while it is in flight. */
  settledAt: number | undefined;
}

/** A logged charge as the log hands it out: where it is, and whether it still counts. */
interface Handle extends LoggedCharge {
  /** Its number in its pair's log. */
  readonly serial: number;
  /** False once forgotten (the exchange never charged it). */
  live: boolean;
  /** Its index in the pair's list of charges in flight; -1 once answered. */
  flightIndex: number;
}

/**
 * The charges a report of the exchange's counter (the executions feed's `ratecount`) may not include yet, per pair.
 * A report covers every call the exchange processed before writing it. A call is surely covered once its answer
 * came back and `lagMs` have passed since it was sent (its flight plus the feed's delay); younger charges, and calls
 * still in flight, are added on top of a report. At worst such a charge is counted twice, which only costs a little
 * throughput; a charge left out could let the next call arrive over the threshold. Older charges are forgotten as
 * they age, so the log holds only the last `lagMs` of calls.
 *
 * Every order is logged here, so the log is kept cheap: recording, answering, ageing out and the sum cost O(1) per
 * charge however many are logged, and a charge keeps no object once answered (see PairLog).
 */
export class UnreportedCharges {
  private readonly byPair = new Map<string, PairLog>();

  constructor(readonly lagMs: number) {}

  record(pair: string, cost: number, at: number): LoggedCharge {
    let log = this.byPair.get(pair);
    if (log === undefined) {
      log = new PairLog(this.lagMs);
      this.byPair.set(pair, log);
    }
    log.prune(at);
    return log.record(pair, cost, at);
  }

  /** The call's answer came back. */
  settle(charge: LoggedCharge, now: number): void {
    if (charge.settledAt !== undefined) return;
    charge.settledAt = now;
    this.byPair.get(charge.pair)?.answer(charge as Handle);
  }

  /** The exchange refused the call (rate limit): it never charged it. */
  forget(charge: LoggedCharge): void {
    this.byPair.get(charge.pair)?.drop(charge as Handle);
  }

  /** What a report of `pair` arriving at `now` may leave out: the sum of the charges it may not cover. */
  pending(pair: string, now: number): number {
    const log = this.byPair.get(pair);
    if (log === undefined) return 0;
    log.prune(now);
    return log.sum;
  }
}

const INITIAL_CAPACITY = 64;

/**
 * One pair's live charges. Those in flight are their handles, in a list (a few at a time: they are never aged
 * out). Answered ones are numbers only: time, cost and serial in typed arrays from `head` to `tail`, in order of
 * time (an answer that comes back out of order, or a clock that stepped back, is inserted in place, a few slots
 * from the end), so ageing out is a walk from the head. A charge ages out once answered and `lagMs` old; the
 * charges are costs of orders (halves of whole units), so the running sums stay exact.
 */
class PairLog {
  private readonly flight: Handle[] = [];
  private flightSum = 0;
  private times = new Float64Array(INITIAL_CAPACITY);
  private costs = new Float64Array(INITIAL_CAPACITY);
  private serials = new Float64Array(INITIAL_CAPACITY);
  private head = 0;
  private tail = 0;
  private answeredSum = 0;
  private serial = 0;

  constructor(private readonly lagMs: number) {}

  /** The sum of the live charges' costs. */
  get sum(): number {
    return this.flightSum + this.answeredSum;
  }

  record(pair: string, cost: number, at: number): Handle {
    const charge: Handle = {
      pair,
      cost,
      at,
      settledAt: undefined,
      serial: this.serial++,
      live: true,
      flightIndex: this.flight.length,
    };
    this.flight.push(charge);
    this.flightSum += cost;
    return charge;
  }

  /** The charge's answer came back: it leaves the flight list and is kept as numbers until it ages out. */
  answer(charge: Handle): void {
    // Answered already, or forgotten.
    if (charge.flightIndex < 0) return;
    this.leaveFlight(charge);
    this.insertAnswered(charge);
  }

  /** Takes a charge out (the exchange never charged it). */
  drop(charge: Handle): void {
    if (!charge.live) return;
    charge.live = false;
    if (charge.flightIndex >= 0) {
      this.leaveFlight(charge);
      return;
    }
    // Answered: its slot stays (its cost no longer counts) until it reaches the head. Dropped charges are those of
    // a call just refused, so the walk back from the end is short.
    const { times, costs, serials } = this;
    for (let index = this.tail - 1; index >= this.head && times[index]! >= charge.at; index--) {
      if (serials[index] === charge.serial) {
        this.answeredSum -= costs[index]!;
        costs[index] = 0;
        return;
      }
    }
  }

  /** Ages out every answered charge `lagMs` old at `now` (the ones in flight stay however old). */
  prune(now: number): void {
    const { times, costs, lagMs } = this;
    let { head } = this;
    while (head < this.tail && now - times[head]! >= lagMs) {
      this.answeredSum -= costs[head]!;
      head += 1;
    }
    this.head = head;
    if (head === this.tail) {
      this.head = 0;
      this.tail = 0;
      this.answeredSum = 0;
    }
  }

  private leaveFlight(charge: Handle): void {
    const { flight } = this;
    const last = flight.pop()!;
    if (last !== charge) {
      flight[charge.flightIndex] = last;
      last.flightIndex = charge.flightIndex;
    }
    charge.flightIndex = -1;
    this.flightSum -= charge.cost;
    if (flight.length === 0) this.flightSum = 0;
  }

  private insertAnswered(charge: Handle): void {
    if (this.tail === this.times.length) this.makeRoom();
    const { times, costs, serials } = this;
    let index = this.tail;
    while (index > this.head && times[index - 1]! > charge.at) index -= 1;
    if (index < this.tail) {
      times.copyWithin(index + 1, index, this.tail);
      costs.copyWithin(index + 1, index, this.tail);
      serials.copyWithin(index + 1, index, this.tail);
    }
    times[index] = charge.at;
    costs[index] = charge.cost;
    serials[index] = charge.serial;
    this.tail += 1;
    this.answeredSum += charge.cost;
  }

  /** Moves the live slots to the front, in arrays twice as large when they fill more than half. */
  private makeRoom(): void {
    const { head, tail } = this;
    const count = tail - head;
    const capacity = 2 * count > this.times.length ? 2 * this.times.length : this.times.length;
    const move = (from: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      if (capacity === from.length) return from.copyWithin(0, head, tail);
      const to = new Float64Array(capacity);
      to.set(from.subarray(head, tail));
      return to;
    };
    this.times = move(this.times);
    this.costs = move(this.costs);
    this.serials = move(this.serials);
    this.head = 0;
    this.tail = count;
  }
}
