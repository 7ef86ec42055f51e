import { describe, expect, it } from 'vitest';
import { codes, marginOrder, placeAndFill, testGuard } from './support/guard-factory.js';

// docs/decisions/0003-allowance-seed-example.md: the seed's example says 310,000 GBP; its own rule and table say
// the GBP allowance, 1,000,000 GBP. The rule plus the table win.
describe('decision 0003: a BTC/GBP long is limited by the GBP allowance (1,000,000 GBP), not 310,000 GBP', () => {
  it('accepts a BTC/GBP long worth more than 310,000 GBP', () => {
    const { guard } = testGuard();
    const decision = guard.check(marginOrder('XBTGBP', 'buy', '25', '20000')); // 500,000 GBP
    expect(decision).toEqual({ allowed: true, violations: [] });
  });

  it('accepts up to exactly 1,000,000 GBP and refuses beyond it, in GBP', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('XBTGBP', 'buy', '25', '20000'));
    expect(guard.check(marginOrder('XBTGBP', 'buy', '25', '20000')).allowed).toBe(true);
    const over = guard.check(marginOrder('XBTGBP', 'buy', '25', '20000.1'));
    expect(codes(over)).toEqual(['EOrder:Margin allowance exceeded']);
    expect(over.violations[0]).toMatchObject({ currency: 'GBP', limit: '1000000', requested: '1000002.5' });
  });

  it('measures in GBP, never in BTC: more than 310 BTC fits when cheap, 26 BTC does not when dear', () => {
    const { guard } = testGuard({ pairs: { XBTGBP: { longPositionLimit: '100000' } } });
    expect(guard.check(marginOrder('XBTGBP', 'buy', '500', '2000')).allowed).toBe(true); // 1,000,000 GBP
    expect(codes(guard.check(marginOrder('XBTGBP', 'buy', '26', '40000')))).toEqual([
      'EOrder:Margin allowance exceeded',
    ]); // 1,040,000 GBP
  });

  it('follows the table when the user replaces it: the number is data, not code', () => {
    const { guard } = testGuard({ allowances: { GBP: { allowance: '310000' } } });
    expect(guard.check(marginOrder('XBTGBP', 'buy', '15.5', '20000')).allowed).toBe(true);
    expect(guard.check(marginOrder('XBTGBP', 'buy', '15.6', '20000')).allowed).toBe(false);
  });
});
