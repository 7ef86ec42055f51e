import { describe, expect, it } from 'vitest';
import { marginBuy, marginSell, RICH, SMALL_ALLOWANCES } from './support/margin.js';
import { place, reject } from './support/orders.js';
import { world } from './support/world.js';

// Found by the guard-vs-mock differential test. Fiat allowances limit long positions only (seed: "CAD, CHF, EUR,
// GBP, JPY and USD margin allowance limits only apply to long positions"; docs/kraken/margin-rules.md: an EUR/USD short
// is not limited by the EUR allowance). The EUR an EUR/USD short borrows was still added to the EUR usage, so it
// ate the headroom of later EUR longs (XBT/EUR): a long within the allowance was refused.
const small = () => world({ balances: RICH }, { allowances: SMALL_ALLOWANCES }); // EUR allowance 50,000

describe('fiat-base shorts and the fiat allowance', () => {
  it('an open EUR/USD short position leaves the whole EUR allowance to EUR longs', () => {
    const w = small();
    place(w, marginSell('40000', undefined, '2', 'EURUSD'));
    expect(w.exchange.account('main').positions.size).toBe(1);
    expect(place(w, marginBuy('1', '50000.0', '2', 'XBTEUR')).status).toBe('open'); // exactly 50,000 EUR
    expect(reject(w, marginBuy('0.0001', '50000.0', '2', 'XBTEUR'))).toEqual([
      'EOrder:Margin allowance exceeded',
    ]);
  });

  it('a resting EUR/USD short does not hold EUR allowance either', () => {
    const w = small();
    expect(place(w, marginSell('45000', '1.20000', '2', 'EURUSD')).status).toBe('open');
    expect(place(w, marginBuy('0.5', '50000.0', '2', 'XBTEUR')).status).toBe('open');
    expect(place(w, marginBuy('0.5', '50000.0', '2', 'XBTEUR')).status).toBe('open'); // 50,000 EUR in all
    expect(reject(w, marginBuy('0.0001', '50000.0', '2', 'XBTEUR'))).toEqual([
      'EOrder:Margin allowance exceeded',
    ]);
  });

  it('EUR longs still count against the EUR allowance (an EUR/USD long borrows USD, not EUR)', () => {
    const w = small();
    place(w, marginBuy('1', '45000.0', '2', 'XBTEUR'));
    expect(reject(w, marginBuy('0.2', '45000.0', '2', 'XBTEUR'))).toEqual([
      'EOrder:Margin allowance exceeded',
    ]);
    expect(place(w, marginBuy('40000', '1.00000', '2', 'EURUSD')).status).toBe('open'); // USD 40,000
  });
});
