import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecayingCounter } from '../src/rate-limit/decaying-counter.js';
import { RestCounter } from '../src/rate-limit/rest-counter.js';
import { KRAKEN_TIER_LIMITS } from '../src/rate-limit/tiers.js';

const T0 = 1_700_000_000_000;

describe('the REST call counter', () => {
  it('accepts a starter key 15 calls at once, then the 16th after exactly 1/0.33 s', () => {
    const counter = new RestCounter(KRAKEN_TIER_LIMITS.starter.rest);
    for (let index = 0; index < 15; index++) expect(counter.tryCharge(1, T0)).toEqual({ accepted: true });
    // 1 unit at 0.33/s is 3030.30… ms; whole milliseconds, rounded up.
    expect(counter.tryCharge(1, T0)).toEqual({ accepted: false, waitMs: 3_031 });
    expect(counter.tryCharge(1, T0 + 3_030).accepted).toBe(false);
    expect(counter.valueAt(T0 + 3_030)).toBeCloseTo(14.0001, 4);
    expect(counter.tryCharge(1, T0 + 3_031)).toEqual({ accepted: true });
  });

  it('charges history calls 4 by default and the configured cost otherwise; trading and public calls 0', () => {
    const conservative = new RestCounter(KRAKEN_TIER_LIMITS.pro.rest);
    expect(conservative.costOf({ kind: 'rest', cost: 'history' })).toBe(4);
    expect(conservative.costOf({ kind: 'rest', cost: 1 })).toBe(1);
    expect(conservative.costOf({ kind: 'trading', action: 'add' })).toBe(0);
    expect(conservative.costOf({ kind: 'public' })).toBe(0);
    expect(new RestCounter(KRAKEN_TIER_LIMITS.pro.rest, 2).costOf({ kind: 'rest', cost: 'history' })).toBe(2);
  });

  it('charges nothing for a call it refuses', () => {
    const counter = new RestCounter(KRAKEN_TIER_LIMITS.pro.rest);
    counter.tryCharge(18, T0);
    expect(counter.tryCharge(4, T0).accepted).toBe(false);
    expect(counter.valueAt(T0)).toBe(18);
  });

  it('snaps to the cap when Kraken says the limit is exceeded, then waits out the decay', () => {
    const counter = new RestCounter(KRAKEN_TIER_LIMITS.pro.rest);
    counter.tryCharge(3, T0);
    counter.snapToCap(T0 + 1_000);
    expect(counter.valueAt(T0 + 1_000)).toBe(20);
    // 1 unit at 1/s is 1000 ms to the boundary; the wait ends just past it (see BOUNDARY_MARGIN).
    expect(counter.waitMs(1, T0 + 1_000)).toBe(1_001);
    // A cost equal to the cap needs the counter at 0, which is exact.
    expect(counter.waitMs(20, T0 + 1_000)).toBe(20_000);
  });

  it('says a cost above the max can never be accepted', () => {
    const counter = new RestCounter(KRAKEN_TIER_LIMITS.starter.rest);
    expect(counter.waitMs(16, T0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('a decaying counter', () => {
  const limits = fc.record({
    cap: fc.integer({ min: 1, max: 200 }),
    decay: fc.constantFrom(0.33, 0.5, 1, 2.34, 3.75),
  });
  const steps = fc.array(
    fc.record({ cost: fc.constantFrom(0.5, 1, 2, 3, 4, 8), gapMs: fc.integer({ min: 0, max: 20_000 }) }),
    { minLength: 1, maxLength: 80 },
  );

  it('waits exactly: the first whole millisecond at which the call fits with the margin to spare', () => {
    fc.assert(
      fc.property(limits, steps, ({ cap, decay }, calls) => {
        const counter = new DecayingCounter(cap, decay);
        let now = T0;
        for (const { cost, gapMs } of calls) {
          now += gapMs;
          const wait = counter.waitMs(cost, now);
          if (cost > cap) {
            expect(wait).toBe(Number.POSITIVE_INFINITY);
            continue;
          }
          if (wait === 0) expect(counter.fits(cost, now)).toBe(true);
          else {
            expect(counter.fits(cost, now)).toBe(false);
            if (wait > 1) expect(counter.fitsWithMargin(cost, now + wait - 1)).toBe(false);
            expect(counter.fitsWithMargin(cost, now + wait)).toBe(true);
          }
          now += wait;
          expect(counter.tryCharge(cost, now)).toEqual({ accepted: true });
          expect(counter.valueAt(now)).toBeLessThanOrEqual(cap);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds the first moment a falling cost fits (an amend that gets cheaper as its order ages)', () => {
    const counter = new DecayingCounter(60, 1);
    counter.charge(59, T0);
    // Cost 4 now, 3 from 3 s on, 2 from 8 s on. Cost 4 needs 3 s of decay (counter 56): at 3 s the cost is 3,
    // which needs the counter at 57, reached at 2 s — but 3 is only in force from 3 s, so 3 s it is.
    const steps = [
      { fromMs: 0, cost: 4 },
      { fromMs: 3_000, cost: 3 },
      { fromMs: 8_000, cost: 2 },
    ];
    expect(counter.waitMsForSteps(steps, T0)).toBe(3_000);
    counter.charge(10, T0);
    // Counter 69: cost 2 from 8 s needs 58 → 11 s (+1 ms margin); cost 3 would need 12 s.
    expect(counter.waitMsForSteps(steps, T0)).toBe(11_001);
    expect(new DecayingCounter(60, 0).waitMsForSteps([{ fromMs: 0, cost: 61 }], T0)).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('never decays below zero and ignores a clock that steps back', () => {
    const counter = new DecayingCounter(15, 0.33);
    counter.charge(5, T0);
    expect(counter.valueAt(T0 + 3_600_000)).toBe(0);
    expect(counter.valueAt(T0 - 10_000)).toBe(5);
    expect(counter.fits(15, T0 + 3_600_000)).toBe(true);
  });
});
