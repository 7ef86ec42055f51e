import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TierName } from '../src/rate-limit/tiers.js';
import { isRateRejection, type OfferedCall, runScenario } from './support/rate-scenario.js';

const PAIRS = ['XBTUSD', 'ETHUSD', 'SOLUSD'] as const;

const offeredCall = (horizonMs: number): fc.Arbitrary<OfferedCall> =>
  fc.record({
    // Bursts: many calls in one instant, where in-flight state (an amend not yet answered) matters most.
    at: fc.oneof(fc.integer({ min: 0, max: horizonMs }), fc.constantFrom(0, 4_999, 5_000, 15_000, 45_000)),
    kind: fc.oneof(
      { arbitrary: fc.constantFrom('query1' as const, 'query4' as const), weight: 4 },
      { arbitrary: fc.constant('add' as const), weight: 4 },
      { arbitrary: fc.constantFrom('amend' as const, 'edit' as const), weight: 3 },
      { arbitrary: fc.constant('cancel' as const), weight: 2 },
      { arbitrary: fc.constantFrom('batch-add' as const, 'batch-cancel' as const), weight: 1 },
    ),
    pair: fc.constantFrom(...PAIRS),
    pick: fc.nat(),
    size: fc.integer({ min: 2, max: 15 }),
  });

const tier = fc.constantFrom<TierName>('starter', 'intermediate', 'pro');

describe('the limiter never lets through a call Kraken would reject for a rate limit', () => {
  it('in wait mode, for random streams of queries, adds, amends, edits and cancels on several pairs', async () => {
    const horizonMs = 60_000;
    await fc.assert(
      fc.asyncProperty(
        tier,
        fc.constantFrom(2, 4),
        // A low open-orders maximum makes that limit bind within a minute as well.
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        fc.array(offeredCall(horizonMs), { minLength: 1, maxLength: 600, size: 'max' }),
        async (tierName, historyCost, maxOpenOrdersPerPair, calls) => {
          const limits = maxOpenOrdersPerPair === undefined ? {} : { trading: { maxOpenOrdersPerPair } };
          const result = await runScenario(
            calls,
            { tier: tierName, historyCost, limits, enforceOpenOrders: true },
            horizonMs,
          );
          expect(result.errors).toEqual([]);
          const rejected = result.answers.filter(({ answer }) => isRateRejection(answer));
          expect(rejected).toEqual([]);
          // After every call, no counter of the limiter is below Kraken's (pair counters may run high: unknown
          // orders are charged the worst case); the REST counter is exact.
          expect(result.undercounts).toEqual([]);
          const now = result.clock.now();
          expect(result.limiter.budget().rest.counter).toBeCloseTo(result.model.restValue(now), 6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('in fail-fast mode: whatever it does not refuse, Kraken accepts', async () => {
    const horizonMs = 60_000;
    await fc.assert(
      fc.asyncProperty(
        tier,
        fc.array(offeredCall(horizonMs), { minLength: 1, maxLength: 300, size: 'max' }),
        async (tierName, calls) => {
          const result = await runScenario(
            calls,
            { tier: tierName, mode: 'fail-fast', enforceOpenOrders: true },
            horizonMs,
          );
          expect(result.errors).toEqual([]);
          expect(result.answers.filter(({ answer }) => isRateRejection(answer))).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
