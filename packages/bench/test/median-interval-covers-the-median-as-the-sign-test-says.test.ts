/**
 * The benches' verdicts rest on a distribution-free confidence interval of the median of per-round figures (the
 * sign-test interval). These tests hold it to its definition: its ranks and coverage for known round counts, its
 * coverage equal to the exact binomial tails, and a coverage at least the one it states over many runs drawn from
 * a skewed distribution whose median is known.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { medianInterval } from '../bench/support/e2e/index.js';

/** P(X ≤ j) for X ~ Binomial(n, ½), from exact integer binomial coefficients. */
function binomialCdf(n: number, j: number): number {
  let coefficient = 1n;
  let sum = 0n;
  for (let i = 0; i <= j; i++) {
    sum += coefficient;
    coefficient = (coefficient * BigInt(n - i)) / BigInt(i + 1);
  }
  return Number(sum) / 2 ** n;
}

/** Position (1-based rank) of a value in ascending order, for distinct values. */
const rankOf = (values: readonly number[], value: number) =>
  [...values].sort((a, b) => a - b).indexOf(value) + 1;

describe('the median interval', () => {
  it('is [min, max] for 7 rounds, covering 1 − 2/128 of the time', () => {
    const values = [1.3, 1.1, 1.7, 1.2, 1.05, 1.4, 1.15];
    expect(medianInterval(values)).toEqual({ low: 1.05, high: 1.7, confidence: 1 - 2 / 128 });
  });

  it('runs from the 6th to the 16th of 21 rounds, covering about 97.3 %', () => {
    const values = Array.from({ length: 21 }, (_, i) => (i * 37) % 21);
    const interval = medianInterval(values);
    expect(rankOf(values, interval.low)).toBe(6);
    expect(rankOf(values, interval.high)).toBe(16);
    expect(interval.confidence).toBeCloseTo(1 - 2 * binomialCdf(21, 5), 12);
    expect(interval.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('holds the sample median, states its coverage exactly, and never claims more than it has', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.double({ min: 0.5, max: 3, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.constantFrom(0.8, 0.9, 0.95, 0.99),
        (values, confidence) => {
          const interval = medianInterval(values, confidence);
          const n = values.length;
          const low = rankOf(values, interval.low);
          const high = rankOf(values, interval.high);
          expect(high).toBe(n - low + 1);
          expect(low).toBeLessThanOrEqual(high);
          const sorted = [...values].sort((a, b) => a - b);
          const median = sorted[Math.floor((n - 1) / 2)]!;
          expect(interval.low).toBeLessThanOrEqual(median);
          expect(interval.high).toBeGreaterThanOrEqual(median);
          expect(interval.confidence).toBeCloseTo(1 - 2 * binomialCdf(n, low - 1), 9);
          // Narrowed past [min, max], it still reaches the confidence asked for; one rank narrower it would not.
          if (low > 1) expect(interval.confidence).toBeGreaterThanOrEqual(confidence - 1e-12);
          if (low + 1 <= n - low) expect(1 - 2 * binomialCdf(n, low)).toBeLessThan(confidence);
        },
      ),
    );
  });

  it('covers a known median at least as often as it states, for rounds drawn from a skewed distribution', () => {
    // Exponential rounds (median ln 2), from a fixed-seed generator so the run is the same every time.
    let seed = 0x2545f491;
    const uniform = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return ((seed >>> 0) + 0.5) / 2 ** 32;
    };
    const median = Math.LN2;
    for (const rounds of [7, 15, 21]) {
      let covered = 0;
      let stated = 0;
      const runs = 4_000;
      for (let run = 0; run < runs; run++) {
        const values = Array.from({ length: rounds }, () => -Math.log(uniform()));
        const interval = medianInterval(values);
        if (interval.low <= median && median <= interval.high) covered += 1;
        stated = interval.confidence;
      }
      // 4,000 runs: the observed rate is within about 0.01 of the true coverage.
      expect(covered / runs).toBeGreaterThan(stated - 0.015);
    }
  });

  it('is empty for no rounds', () => {
    const interval = medianInterval([]);
    expect(interval.confidence).toBe(0);
    expect(Number.isNaN(interval.low) && Number.isNaN(interval.high)).toBe(true);
  });
});
