import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LoggedCharge, UnreportedCharges } from '../src/rate-limit/unreported-charges.js';

// The log of charges a report may not include yet keeps each pair's charges in time order with a running sum, so
// that logging an order costs O(1) however many are logged. Over random sequences of records, answers, refusals and
// reads, with a clock that now and then steps back, it must give exactly what a plain log gives: every charge in one
// set, scanned in full on each read.

/** The reference: a set of charges per pair, pruned by a full scan. */
class PlainLog {
  private readonly byPair = new Map<string, Set<LoggedCharge>>();

  constructor(private readonly lagMs: number) {}

  record(pair: string, cost: number, at: number): LoggedCharge {
    const charges = this.byPair.get(pair) ?? new Set<LoggedCharge>();
    this.byPair.set(pair, charges);
    this.prune(charges, at);
    const charge: LoggedCharge = { pair, cost, at, settledAt: undefined };
    charges.add(charge);
    return charge;
  }

  forget(charge: LoggedCharge): void {
    this.byPair.get(charge.pair)?.delete(charge);
  }

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

type Op =
  | { kind: 'record'; pair: number; halves: number }
  | { kind: 'settle'; pick: number }
  | { kind: 'forget'; pick: number }
  | { kind: 'pending'; pair: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      pair: fc.nat(2),
      halves: fc.integer({ min: 1, max: 18 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('settle' as const), pick: fc.nat() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('forget' as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('pending' as const), pair: fc.nat(2) }), weight: 3 },
);

/** Mostly forward in small steps (many charges within the lag), now and then a long pause or a step back. */
const gap = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 40 }), weight: 8 },
  { arbitrary: fc.integer({ min: 0, max: 3_000 }), weight: 2 },
  { arbitrary: fc.integer({ min: -500, max: -1 }), weight: 1 },
);

const PAIRS = ['XBTUSD', 'ETHUSD', 'SOLUSD'];

describe('the log of unreported charges', () => {
  it('gives the same pending sum as a plain log over random records, answers, refusals and clock steps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 50, 2_000),
        fc.array(fc.tuple(gap, op), { minLength: 1, maxLength: 400 }),
        (lagMs, steps) => {
          const log = new UnreportedCharges(lagMs);
          const plain = new PlainLog(lagMs);
          // Each charge as both logs returned it, to settle or forget the same one in each.
          const charges: Array<{ fast: LoggedCharge; plain: LoggedCharge }> = [];
          let now = 1_700_000_000_000;
          for (const [step, action] of steps) {
            now += step;
            switch (action.kind) {
              case 'record': {
                const pair = PAIRS[action.pair]!;
                const cost = action.halves / 2; // order costs are whole units or halves (batch adds)
                charges.push({ fast: log.record(pair, cost, now), plain: plain.record(pair, cost, now) });
                break;
              }
              case 'settle': {
                const charge = charges[action.pick % Math.max(1, charges.length)];
                if (charge === undefined) break;
                log.settle(charge.fast, now);
                charge.plain.settledAt ??= now;
                break;
              }
              case 'forget': {
                const charge = charges[action.pick % Math.max(1, charges.length)];
                if (charge === undefined) break;
                log.forget(charge.fast);
                plain.forget(charge.plain);
                break;
              }
              case 'pending': {
                const pair = PAIRS[action.pair]!;
                expect(log.pending(pair, now)).toBe(plain.pending(pair, now));
                break;
              }
            }
          }
          for (const pair of PAIRS) expect(log.pending(pair, now)).toBe(plain.pending(pair, now));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a charge still in flight after its lag, and lets it go once answered', () => {
    const log = new UnreportedCharges(2_000);
    const late = log.record('XBTUSD', 1, 0);
    const answered = log.record('XBTUSD', 4, 10);
    log.settle(answered, 20);
    // Both are past the lag; only the answered one is surely in a report.
    expect(log.pending('XBTUSD', 5_000)).toBe(1);
    log.settle(late, 5_000);
    expect(log.pending('XBTUSD', 5_001)).toBe(0);
  });

  it('holds tens of thousands of charges within the lag and still sums them exactly', () => {
    const log = new UnreportedCharges(2_000);
    let expected = 0;
    for (let index = 0; index < 40_000; index++) {
      log.settle(log.record('XBTUSD', index % 3 === 0 ? 0.5 : 1, index / 20), index / 20);
      expected += index % 3 === 0 ? 0.5 : 1;
    }
    // Charges at 0 … 1999.95 ms: the first ones age out at 2000 ms, the rest are still within the lag.
    expect(log.pending('XBTUSD', 1_999.95)).toBe(expected);
    const agedOut = [...Array(20).keys()].reduce((sum, index) => sum + (index % 3 === 0 ? 0.5 : 1), 0);
    expect(log.pending('XBTUSD', 2_000.95)).toBe(expected - agedOut);
  });
});
