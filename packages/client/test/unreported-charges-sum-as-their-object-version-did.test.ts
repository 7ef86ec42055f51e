import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LoggedCharge, UnreportedCharges } from '../src/rate-limit/unreported-charges.js';
import { EntryChargeLog } from './support/entry-charge-log.js';

// The log keeps an answered charge as numbers in typed arrays (only charges in flight are objects), where it kept
// an object per charge until it aged out. Over random records, answers out of order (many calls in flight at once),
// refusals before and after the answer, and a clock that now and then steps back, it must give the same pending
// sum as the object version after every step.

type Op =
  | { kind: 'record'; pair: number; halves: number }
  | { kind: 'settle' | 'forget'; pick: number; fromEnd: boolean }
  | { kind: 'refuse-last' }
  | { kind: 'pending'; pair: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      pair: fc.nat(1),
      halves: fc.integer({ min: 1, max: 18 }),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), fromEnd: fc.boolean() }),
    weight: 5,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('forget' as const), pick: fc.nat(), fromEnd: fc.boolean() }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('refuse-last' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('pending' as const), pair: fc.nat(1) }), weight: 2 },
);

const gap = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 8 },
  { arbitrary: fc.integer({ min: 0, max: 2_500 }), weight: 2 },
  { arbitrary: fc.integer({ min: -400, max: -1 }), weight: 1 },
);

const PAIRS = ['XBTUSD', 'ETHUSD'];

describe('the log of unreported charges in typed arrays', () => {
  it('sums as the object version did over answers out of order, refusals and clock steps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 40, 2_000),
        fc.array(fc.tuple(gap, op), { minLength: 1, maxLength: 500, size: 'max' }),
        (lagMs, steps) => {
          const log = new UnreportedCharges(lagMs);
          const reference = new EntryChargeLog(lagMs);
          const charges: Array<{ fast: LoggedCharge; reference: LoggedCharge }> = [];
          /** Picks a charge, mostly among the latest (those a limiter answers or refuses). */
          const pick = (index: number, fromEnd: boolean) => {
            if (charges.length === 0) return undefined;
            const offset = index % (fromEnd ? Math.min(8, charges.length) : charges.length);
            return charges[fromEnd ? charges.length - 1 - offset : offset];
          };
          let now = 1_700_000_000_000;
          for (const [step, action] of steps) {
            now += step;
            switch (action.kind) {
              case 'record': {
                const pair = PAIRS[action.pair]!;
                const cost = action.halves / 2;
                charges.push({
                  fast: log.record(pair, cost, now),
                  reference: reference.record(pair, cost, now),
                });
                break;
              }
              case 'settle':
              case 'forget': {
                const charge = pick(action.pick, action.fromEnd);
                if (charge === undefined) break;
                if (action.kind === 'settle') {
                  log.settle(charge.fast, now);
                  reference.settle(charge.reference, now);
                } else {
                  log.forget(charge.fast);
                  reference.forget(charge.reference);
                }
                break;
              }
              case 'refuse-last': {
                // What the limiter does on a rate-limit refusal: the call is answered, then its charge forgotten.
                const charge = charges.at(-1);
                if (charge === undefined) break;
                log.settle(charge.fast, now);
                reference.settle(charge.reference, now);
                log.forget(charge.fast);
                reference.forget(charge.reference);
                break;
              }
              case 'pending':
                break;
            }
            const pair = PAIRS[action.kind === 'pending' || action.kind === 'record' ? action.pair : 0]!;
            expect(log.pending(pair, now)).toBe(reference.pending(pair, now));
          }
          for (const pair of PAIRS) expect(log.pending(pair, now)).toBe(reference.pending(pair, now));
        },
      ),
      // A failure is reported as drawn: shrinking hundreds of steps would take many minutes.
      { numRuns: 200, endOnFailure: true },
    );
  });

  it('sums as the object version did with hundreds of calls in flight answered in random order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 300, maxLength: 300 }), (order) => {
        const log = new UnreportedCharges(2_000);
        const reference = new EntryChargeLog(2_000);
        const charges: Array<{ fast: LoggedCharge; reference: LoggedCharge }> = [];
        let now = 0;
        for (let index = 0; index < 300; index++) {
          now += 3;
          charges.push({ fast: log.record('XBTUSD', 1, now), reference: reference.record('XBTUSD', 1, now) });
        }
        for (const pick of order) {
          now += 10;
          const [charge] = charges.splice(pick % charges.length, 1);
          log.settle(charge!.fast, now);
          reference.settle(charge!.reference, now);
          expect(log.pending('XBTUSD', now)).toBe(reference.pending('XBTUSD', now));
        }
        expect(log.pending('XBTUSD', now + 2_000)).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});
