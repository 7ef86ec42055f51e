import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../src/intent.js';
import { codes, marginOrder, testGuard } from './support/guard-factory.js';

const limit = (volume: string, price: string, extra: Partial<OrderIntent> = {}): OrderIntent => ({
  pair: 'XBTUSD',
  side: 'buy',
  orderType: 'limit',
  volume,
  price,
  ...extra,
});
const market = (side: 'buy' | 'sell', volume: string, extra: Partial<OrderIntent> = {}): OrderIntent => ({
  pair: 'XBTUSD',
  side,
  orderType: 'market',
  volume,
  ...extra,
});

// 100,000 USD and 1 BTC at 50,000 USD: 150,000 USD of equity.
const ACCOUNT = {
  balance: { ZUSD: '100000', XXBT: '1' },
  usdPrices: { XBT: '50000' },
  referencePrices: { XBTUSD: '50000' },
};

describe('the price band also holds a market order to its expected price', () => {
  it('refuses a market order whose expected price is outside the band around the mid', () => {
    const { guard } = testGuard({ sanity: { priceBandBps: 1000 } }, ACCOUNT);
    expect(guard.check(market('buy', '0.1')).allowed).toBe(true);
    const decision = guard.check(market('buy', '0.1', { referencePrice: '500000' }));
    expect(codes(decision)).toEqual(['EGuard:Price outside band']);
    expect(decision.violations[0]).toMatchObject({
      rule: 'price-band',
      field: 'referencePrice',
      limit: '1000',
      requested: '90000',
      currency: 'bps',
      message:
        'expected price 500000 is 90000 bps from the reference mid 50000 on XBTUSD; the band is 1000 bps (45000 – 55000)',
    });
  });

  it('refuses a market buy into a spread wider than the band (the ask is the expected price)', () => {
    const { guard } = testGuard(
      { sanity: { priceBandBps: 1000 } },
      { ...ACCOUNT, referencePrices: { XBTUSD: { bid: '40000', ask: '60000' } } },
    );
    expect(codes(guard.check(market('buy', '0.1')))).toEqual(['EGuard:Price outside band']);
    expect(guard.check(market('buy', '0.1')).violations[0]?.message).toContain(
      'expected price 60000 is 2000 bps',
    );
  });

  it('false turns a band off, globally or for one pair', () => {
    const off = testGuard({ sanity: { priceBandBps: false } }, ACCOUNT).guard;
    expect(off.check(limit('0.01', '500000')).allowed).toBe(true);
    const pairOff = testGuard(
      { sanity: { priceBandBps: 1000 }, pairs: { XBTUSD: { priceBandBps: false } } },
      ACCOUNT,
    ).guard;
    expect(pairOff.check(limit('0.01', '500000')).allowed).toBe(true);
    expect(codes(pairOff.check({ ...limit('0.01', '500000'), pair: 'XBTEUR' }))).toContain(
      'EGuard:Missing reference price',
    );
  });
});

describe('the per-order notional cap relative to account equity', () => {
  it('refuses an order above the share of equity, naming the notional, the equity and the cap', () => {
    const { guard } = testGuard({ sanity: { maxOrderEquityPercent: 25 } }, ACCOUNT);
    expect(guard.check(limit('0.75', '50000')).allowed).toBe(true);
    const decision = guard.check(limit('0.76', '50000'));
    expect(codes(decision)).toEqual(['EGuard:Order notional exceeded']);
    expect(decision.violations[0]).toMatchObject({
      rule: 'notional',
      field: 'volume',
      limit: '37500',
      requested: '38000',
      currency: 'USD',
      message:
        'order notional 38000 USD (0.76 × 50000) on XBTUSD is 25.3% of the account equity 150000 USD; the cap is 25% (37500 USD)',
    });
    // A market order is sized at the ask.
    expect(codes(guard.check(market('buy', '50')))).toEqual(['EGuard:Order notional exceeded']);
  });

  it('values a non-USD quote at its USD price, and refuses when it has none', () => {
    const { guard } = testGuard({ sanity: { maxOrderEquityPercent: 25 } }, ACCOUNT);
    const eur = { ...limit('0.7', '50000'), pair: 'XBTEUR' };
    expect(codes(guard.check(eur))).toEqual(['EGuard:Missing reference price']);
    expect(guard.check(eur).violations[0]?.message).toContain('no USD price of EUR');
    guard.setUsdPrice('EUR', '1.2');
    // 35,000 EUR = 42,000 USD > 37,500 USD
    expect(guard.check(eur).violations[0]?.message).toBe(
      'order notional 35000 EUR (0.7 × 50000) = 42000 USD at 1.2 USD per EUR on XBTEUR is 28% of the account equity 150000 USD; the cap is 25% (37500 USD)',
    );
  });

  it('refuses every order while the account equity is unknown (no balances) or not positive', () => {
    const { guard } = testGuard({ sanity: { maxOrderEquityPercent: 25 } });
    const decision = guard.check(limit('0.01', '50000'));
    expect(codes(decision)).toEqual(['EGuard:Account equity unknown']);
  });

  it('lets an order that reduces a margin position through, whatever its size (closing is never trapped)', () => {
    const { guard } = testGuard({ sanity: { maxOrderEquityPercent: 25 } }, ACCOUNT);
    // A position larger than the cap, opened before (the runner meets such positions when it starts).
    const seeded = testGuard(
      { sanity: { maxOrderEquityPercent: 25 } },
      {
        ...ACCOUNT,
        openPositions: {
          P1: { pair: 'XXBTZUSD', type: 'buy', vol: '2', vol_closed: '0', cost: '100000', time: 1 },
        },
      },
    ).guard;
    expect(seeded.check(marginOrder('XBTUSD', 'sell', '2', '50000', '2')).allowed).toBe(true);
    expect(codes(seeded.check(marginOrder('XBTUSD', 'buy', '2', '50000', '2')))).toContain(
      'EGuard:Order notional exceeded',
    );
    expect(guard.check(limit('0.01', '50000')).allowed).toBe(true);
  });

  it('false turns the cap off; a share above 100 or at 0 is a config error', () => {
    expect(
      testGuard({ sanity: { maxOrderEquityPercent: false } }, ACCOUNT).guard.check(market('buy', '50'))
        .allowed,
    ).toBe(true);
    expect(() => testGuard({ sanity: { maxOrderEquityPercent: 101 } })).toThrow(
      /sanity\.maxOrderEquityPercent/,
    );
    expect(() => testGuard({ sanity: { maxOrderEquityPercent: 0 } })).toThrow(
      /sanity\.maxOrderEquityPercent/,
    );
  });
});
