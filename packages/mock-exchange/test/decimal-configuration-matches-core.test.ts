import { DECIMAL_CONFIG as CORE_CONFIG, Decimal as CoreDecimal } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';
import { DECIMAL_CONFIG, Decimal } from '../src/core/decimal.js';

// The mock keeps its own Decimal clone (it never imports core's code, docs/decisions/0006); its configuration must
// still be core's, or the exchange and the guard would round the same order differently.
describe("the mock's Decimal", () => {
  it('has exactly the configuration of @krakenkit/core', () => {
    expect(DECIMAL_CONFIG).toEqual(CORE_CONFIG);
    for (const key of ['precision', 'rounding', 'toExpNeg', 'toExpPos', 'minE', 'maxE', 'modulo'] as const) {
      expect(Decimal[key], key).toBe(CoreDecimal[key]);
    }
  });

  it('computes what core computes, to the last digit', () => {
    const cost = new Decimal('65012.8').times('0.20000001').div('3');
    expect(cost.toFixed()).toBe(new CoreDecimal('65012.8').times('0.20000001').div('3').toFixed());
  });
});
