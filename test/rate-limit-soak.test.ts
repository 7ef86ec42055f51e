import type { TierName } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { type RateCounterName, runRateSoak } from './support/soak-rate.js';

// A bot offered ten times more calls than its tier allows, on virtual time (the exchange's ManualClock is the
// client's clock): the exchange never answers a rate error, and the bot still gets ≥ 98% of the allowed rate.
// Windows are long enough (20 virtual minutes) that the initial burst (the cap) is a small part of the total.
const TIERS: readonly TierName[] = ['starter', 'intermediate', 'pro'];
const WINDOW_MS: Record<RateCounterName, number> = { rest: 1_200_000, trading: 1_200_000 };

describe('rate-limit soak: 10× the allowed load, zero rate errors, ≥ 98% of the allowed rate', () => {
  for (const tier of TIERS) {
    for (const counter of ['rest', 'trading'] as const) {
      it(`${tier}: ${counter} counter`, async () => {
        const result = await runRateSoak({ tier, counter, windowMs: WINDOW_MS[counter], time: 'virtual' });
        console.log(
          `[rate-soak] ${tier} ${counter}: offered ${result.offered}, accepted ${result.accepted}, ` +
            `${result.units.toFixed(2)} of ${result.allowedUnits.toFixed(2)} units ` +
            `(${(result.efficiency * 100).toFixed(2)}%), steady ${result.steadyRatePerSecond.toFixed(3)}/s ` +
            `of ${result.decayPerSecond}/s, rate errors REST ${result.restRateErrors} / engine ${result.tradingRateErrors}`,
        );
        expect(result.restRateErrors).toBe(0);
        expect(result.tradingRateErrors).toBe(0);
        expect(result.otherErrors).toEqual({});
        expect(result.offeredUnits).toBeGreaterThanOrEqual(9 * result.allowedUnits);
        expect(result.efficiency).toBeGreaterThanOrEqual(0.98);
      });
    }
  }
});
