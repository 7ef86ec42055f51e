/**
 * The benches judge each issue target from the sign-test interval of the median per-round ratio: met only when the
 * whole interval is on the target's side, not met when all of it is on the other, undecided otherwise, and never
 * decided from fewer rounds than give a 95 % interval.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeTarget } from '../bench/support/e2e/index.js';

const rounds = (values: number[]) => values;

describe('a target verdict', () => {
  it('is met for a cost ratio whose whole interval is at or under the target', () => {
    const verdict = judgeTarget(
      rounds([1.02, 1.04, 1.05, 1.03, 1.08, 1.01, 1.06, 1.04, 1.1]),
      1.1,
      'at-most',
    );
    expect(verdict.outcome).toBe('met');
    expect(verdict.median).toBe(1.04);
    expect(verdict.text).toMatch(
      /^1\.04x \(\d+\.\d % interval of the median 1\.02–1\.08x\); target ≤ 1\.10x met$/,
    );
  });

  it('is not met for a rate ratio whose whole interval is under the target', () => {
    const verdict = judgeTarget(rounds([0.8, 0.9, 0.85, 0.95, 0.88, 0.92, 0.83, 0.97]), 1, 'at-least');
    expect(verdict.outcome).toBe('not met');
    expect(verdict.text).toContain('target ≥ 1.00x not met');
  });

  it('is undecided when the interval spans the target, and says why', () => {
    const verdict = judgeTarget(rounds([0.97, 1.02, 1.05, 0.99, 1.03, 1.01, 0.98, 1.04]), 1, 'at-least');
    expect(verdict.outcome).toBe('undecided');
    expect(verdict.text).toContain('undecided (the interval spans it)');
  });

  it('is undecided from five rounds, however clear they look', () => {
    const verdict = judgeTarget(rounds([1.5, 1.6, 1.7, 1.8, 1.9]), 1, 'at-least');
    expect(verdict.outcome).toBe('undecided');
    expect(verdict.text).toContain('too few rounds for a 95 % interval');
  });

  it('judges a cost under a target as its reciprocal rate over the reciprocal target', () => {
    fc.assert(
      // Hundredths, so that two different ratios never round to the same reciprocal.
      fc.property(
        fc.array(
          fc.integer({ min: 50, max: 200 }).map((hundredths) => hundredths / 100),
          {
            minLength: 1,
            maxLength: 61,
          },
        ),
        fc.integer({ min: 50, max: 200 }).map((hundredths) => hundredths / 100),
        (ratios, target) => {
          const asCost = judgeTarget(ratios, target, 'at-most');
          const asRate = judgeTarget(
            ratios.map((ratio) => 1 / ratio),
            1 / target,
            'at-least',
          );
          expect(asRate.outcome).toBe(asCost.outcome);
          // A decided verdict never contradicts the median it reports.
          if (asCost.outcome === 'met') expect(asCost.median).toBeLessThanOrEqual(target);
          if (asCost.outcome === 'not met') expect(asCost.median).toBeGreaterThan(target);
        },
      ),
    );
  });
});
