/**
 * A reference model of Kraken's counters, written from docs/kraken/rate-limits.md without using the limiter's code:
 * the REST counter per key, the matching-engine counter per pair, its cost table and the open-orders maximum. It
 * answers each call the way Kraken would, at the moment it arrives.
 */
export interface ModelLimits {
  rest: { max: number; decayPerSecond: number };
  trading: { threshold: number; decayPerSecond: number; maxOpenOrdersPerPair: number };
}

export type ModelCall =
  | { kind: 'query'; cost: number }
  | { kind: 'add'; pair: string; id: string }
  | { kind: 'batch-add'; pair: string; ids: readonly string[] }
  | { kind: 'amend'; id: string }
  | { kind: 'edit'; id: string; newId: string }
  | { kind: 'cancel'; id: string }
  | { kind: 'batch-cancel'; ids: readonly string[] };

export type ModelAnswer =
  | { ok: true; created: Array<{ id: string; pair: string }>; closed: string[] }
  | { ok: false; error: string };

// Rows of the cost table (docs/kraken/rate-limits.md): [age bound in seconds (exclusive), amend, edit, cancel] —
// the part added on top of the fixed +1 of amend and edit. Older than the last bound: 0.
const AGE_ROWS: ReadonlyArray<readonly [number, number, number, number]> = [
  [5, 3, 6, 8],
  [10, 2, 5, 6],
  [15, 1, 4, 5],
  [45, 0, 2, 4],
  [90, 0, 1, 2],
  [300, 0, 0, 1],
];

function agePart(column: 1 | 2 | 3, ageMs: number): number {
  for (const row of AGE_ROWS) if (ageMs / 1000 < row[0]) return row[column];
  return 0;
}

interface Counter {
  value: number;
  at: number;
}

interface Order {
  pair: string;
  touchedAt: number;
  open: boolean;
}

export class KrakenRateModel {
  readonly restCharged: Array<{ at: number; cost: number }> = [];
  readonly pairCharged = new Map<string, Array<{ at: number; cost: number }>>();
  private readonly rest: Counter = { value: 0, at: 0 };
  private readonly pairCounters = new Map<string, Counter>();
  private readonly orders = new Map<string, Order>();

  constructor(
    private readonly limits: ModelLimits,
    private readonly historyCost: number,
  ) {}

  get history(): number {
    return this.historyCost;
  }

  submit(call: ModelCall, now: number): ModelAnswer {
    switch (call.kind) {
      case 'query':
        return this.query(call.cost, now);
      case 'add':
        return this.add(call.pair, [call.id], 1, now);
      case 'batch-add':
        return this.add(call.pair, call.ids, call.ids.length / 2, now);
      case 'amend':
        return this.modify(call.id, undefined, now);
      case 'edit':
        return this.modify(call.id, call.newId, now);
      case 'cancel':
        return this.cancel([call.id], now);
      case 'batch-cancel':
        return this.cancel(call.ids, now);
    }
  }

  /** The REST counter at `now`. */
  restValue(now: number): number {
    return decayed(this.rest, this.limits.rest.decayPerSecond, now);
  }

  /** Pairs with a matching-engine counter. */
  pairs(): string[] {
    return [...this.pairCounters.keys()];
  }

  /** A pair's matching-engine counter at `now`. */
  pairValue(pair: string, now: number): number {
    const counter = this.pairCounters.get(pair);
    return counter ? decayed(counter, this.limits.trading.decayPerSecond, now) : 0;
  }

  openOrders(pair: string): number {
    let count = 0;
    for (const order of this.orders.values()) if (order.open && order.pair === pair) count++;
    return count;
  }

  private query(cost: number, now: number): ModelAnswer {
    const value = decayed(this.rest, this.limits.rest.decayPerSecond, now);
    if (value + cost > this.limits.rest.max) return { ok: false, error: 'EAPI:Rate limit exceeded' };
    this.rest.value = value + cost;
    this.rest.at = now;
    this.restCharged.push({ at: now, cost });
    return { ok: true, created: [], closed: [] };
  }

  private add(pair: string, ids: readonly string[], cost: number, now: number): ModelAnswer {
    if (!this.tryCharge(pair, cost, now)) return { ok: false, error: 'EOrder:Rate limit exceeded' };
    if (this.openOrders(pair) + ids.length > this.limits.trading.maxOpenOrdersPerPair) {
      return { ok: false, error: 'EOrder:Orders limit exceeded' };
    }
    for (const id of ids) this.orders.set(id, { pair, touchedAt: now, open: true });
    return { ok: true, created: ids.map((id) => ({ id, pair })), closed: [] };
  }

  /** Amend (newId undefined) or edit; an order that is gone is charged the fixed part only, then refused. */
  private modify(id: string, newId: string | undefined, now: number): ModelAnswer {
    const order = this.orders.get(id);
    if (!order) return { ok: false, error: 'EOrder:Unknown order' };
    const age = now - order.touchedAt;
    const cost = 1 + (order.open ? agePart(newId === undefined ? 1 : 2, age) : 0);
    if (!this.tryCharge(order.pair, cost, now)) return { ok: false, error: 'EOrder:Rate limit exceeded' };
    if (!order.open) return { ok: false, error: 'EOrder:Unknown order' };
    if (newId === undefined) {
      order.touchedAt = now;
      return { ok: true, created: [], closed: [] };
    }
    order.open = false;
    this.orders.set(newId, { pair: order.pair, touchedAt: now, open: true });
    return { ok: true, created: [{ id: newId, pair: order.pair }], closed: [id] };
  }

  /** Cancels are always accepted and charged, even over the threshold. */
  private cancel(ids: readonly string[], now: number): ModelAnswer {
    const closed: string[] = [];
    for (const id of ids) {
      const order = this.orders.get(id);
      if (!order?.open) continue;
      this.charge(order.pair, agePart(3, now - order.touchedAt), now);
      order.open = false;
      closed.push(id);
    }
    if (closed.length === 0) return { ok: false, error: 'EOrder:Unknown order' };
    return { ok: true, created: [], closed };
  }

  private tryCharge(pair: string, cost: number, now: number): boolean {
    const counter = this.counter(pair);
    const value = decayed(counter, this.limits.trading.decayPerSecond, now);
    if (value + cost > this.limits.trading.threshold) return false;
    this.charge(pair, cost, now);
    return true;
  }

  private charge(pair: string, cost: number, now: number): void {
    const counter = this.counter(pair);
    counter.value = decayed(counter, this.limits.trading.decayPerSecond, now) + cost;
    counter.at = now;
    const log = this.pairCharged.get(pair) ?? [];
    log.push({ at: now, cost });
    this.pairCharged.set(pair, log);
  }

  private counter(pair: string): Counter {
    let counter = this.pairCounters.get(pair);
    if (!counter) {
      counter = { value: 0, at: 0 };
      this.pairCounters.set(pair, counter);
    }
    return counter;
  }
}

function decayed(counter: Counter, decayPerSecond: number, now: number): number {
  return Math.max(0, counter.value - (decayPerSecond * (now - counter.at)) / 1000);
}
