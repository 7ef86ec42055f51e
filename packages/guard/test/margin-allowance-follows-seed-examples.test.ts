import { describe, expect, it } from 'vitest';
import { codes, marginOrder, placeAndFill, testGuard } from './support/guard-factory.js';

// Every worked example of Kraken's "Margin allowance limits" article (docs/kraken/margin-rules.md), as the guard
// must decide it.
const ALLOWANCE_EXCEEDED = 'EOrder:Margin allowance exceeded';

describe('seed: "a single BTC/USD long position for 15,000,000 USD"', () => {
  it('uses the whole USD allowance, so nothing more can be borrowed in USD', () => {
    const { guard } = testGuard();
    // 300 BTC at 50,000 USD = 15,000,000 USD: exactly the USD allowance.
    placeAndFill(guard, marginOrder('XBTUSD', 'buy', '300', '50000'));
    expect(guard.snapshot().pools).toContainEqual(
      expect.objectContaining({ currency: 'USD', total: '15000000', headroom: '0', allowance: '15000000' }),
    );
    const more = guard.check(marginOrder('XBTUSD', 'buy', '0.0001', '50000'));
    expect(codes(more)).toEqual([ALLOWANCE_EXCEEDED]);
    expect(more.violations[0]).toMatchObject({
      rule: 'margin-allowance',
      currency: 'USD',
      limit: '15000000',
      requested: '15000005',
    });
    // The pool is per currency, not per pair: an ETH-free ATOM/USD long also borrows USD.
    expect(codes(guard.check(marginOrder('ATOMUSD', 'buy', '10', '10')))).toEqual([ALLOWANCE_EXCEEDED]);
  });

  it('is refused when the single long asks for a cent more than 15,000,000 USD', () => {
    const { guard } = testGuard();
    const decision = guard.check(marginOrder('XBTUSD', 'buy', '300.0002', '50000'));
    expect(codes(decision)).toEqual([ALLOWANCE_EXCEEDED]);
    expect(decision.violations[0]?.message).toContain('15000010 USD exceeds the USD allowance 15000000');
  });
});

describe('seed: "or ten BTC/USD long positions at 1,500,000 USD each"', () => {
  it('allows exactly ten, open or filled, and refuses the eleventh', () => {
    const { guard } = testGuard();
    const order = marginOrder('XBTUSD', 'buy', '30', '50000');
    for (let index = 0; index < 5; index += 1) placeAndFill(guard, order);
    for (let index = 0; index < 5; index += 1) expect(guard.reserve(order).allowed).toBe(true);
    expect(guard.positions()).toHaveLength(5);
    expect(guard.orders()).toHaveLength(5);
    expect(codes(guard.check(order))).toEqual([ALLOWANCE_EXCEEDED]);
  });
});

describe('seed: "19,000 ATOM and 1,000,000 GBP from our margin pools at the same time"', () => {
  it('keeps the pools separate: each is full, neither blocks the other', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('ATOMUSD', 'sell', '19000', '8')); // short ATOM borrows ATOM
    placeAndFill(guard, marginOrder('XBTGBP', 'buy', '50', '20000')); // long BTC/GBP borrows GBP
    const pools = Object.fromEntries(guard.snapshot().pools.map((pool) => [pool.currency, pool.total]));
    expect(pools).toEqual({ ATOM: '19000', GBP: '1000000' });
    expect(codes(guard.check(marginOrder('ATOMUSD', 'sell', '1', '8')))).toEqual([ALLOWANCE_EXCEEDED]);
    expect(codes(guard.check(marginOrder('ATOMGBP', 'buy', '1', '7')))).toEqual([ALLOWANCE_EXCEEDED]);
    // A USD long touches neither pool.
    expect(guard.check(marginOrder('XBTUSD', 'buy', '1', '50000')).allowed).toBe(true);
  });
});

describe('seed: "a short position in bitcoin against USD, EUR or ETH ... 310 bitcoin"', () => {
  it('draws every BTC short from the one BTC pool of 310 BTC, whatever the quote currency', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('XBTUSD', 'sell', '100', '50000'));
    placeAndFill(guard, marginOrder('XBTEUR', 'sell', '100', '46000'));
    expect(guard.reserve(marginOrder('XBTETH', 'sell', '110', '16.5')).allowed).toBe(true);
    for (const pair of ['XBTUSD', 'XBTEUR', 'XBTETH']) {
      const decision = guard.check(marginOrder(pair, 'sell', '0.0001', pair === 'XBTETH' ? '16.5' : '50000'));
      expect(codes(decision)).toEqual([ALLOWANCE_EXCEEDED]);
      expect(decision.violations[0]).toMatchObject({ currency: 'BTC', limit: '310', requested: '310.0001' });
    }
  });

  it('is limited in BTC, not in USD value: 310 BTC is allowed at any price', () => {
    const { guard } = testGuard();
    expect(guard.check(marginOrder('XBTUSD', 'sell', '310', '1000000')).allowed).toBe(true);
    expect(codes(guard.check(marginOrder('XBTUSD', 'sell', '310.00000001', '10')))).toEqual([
      ALLOWANCE_EXCEEDED,
    ]);
  });
});

describe('seed: ETH/BTC "to go long ... the BTC pool; to go short ... the ETH pool"', () => {
  it('charges an ETH/BTC long to the BTC pool, in BTC', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('ETHXBT', 'buy', '100', '0.05'));
    expect(guard.positions()[0]).toMatchObject({ pool: 'BTC', borrowed: '5' });
    // 5 BTC used by the ETH/BTC long leaves 305 BTC for BTC shorts.
    expect(guard.check(marginOrder('XBTUSD', 'sell', '305', '50000')).allowed).toBe(true);
    expect(codes(guard.check(marginOrder('XBTUSD', 'sell', '305.0001', '50000')))).toEqual([
      ALLOWANCE_EXCEEDED,
    ]);
  });

  it('charges an ETH/BTC short to the ETH pool, in ETH', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('ETHXBT', 'sell', '2600', '0.05'));
    expect(guard.positions()[0]).toMatchObject({ pool: 'ETH', borrowed: '2600' });
    expect(codes(guard.check(marginOrder('ETHXBT', 'sell', '0.002', '0.05')))).toEqual([ALLOWANCE_EXCEEDED]);
    // The BTC pool is untouched.
    expect(guard.check(marginOrder('XBTUSD', 'sell', '310', '50000')).allowed).toBe(true);
  });
});

describe('seed: "CAD, CHF, EUR, GBP, JPY and USD margin allowance limits only apply to long positions"', () => {
  it('does not limit a short of a fiat base (EUR/USD short borrows EUR)', () => {
    const { guard } = testGuard();
    // 9,000,000 EUR is above the EUR allowance of 8,000,000; a short is not limited by it.
    const short = guard.check(marginOrder('EURUSD', 'sell', '9000000', '1.1'));
    expect(short.allowed).toBe(true);
    placeAndFill(guard, marginOrder('EURUSD', 'sell', '9000000', '1.1'));
    expect(guard.snapshot().pools).toEqual([]);
  });

  it('does limit a long borrowing a fiat quote (BTC/EUR long borrows EUR)', () => {
    const { guard } = testGuard();
    expect(guard.check(marginOrder('XBTEUR', 'buy', '160', '50000')).allowed).toBe(true); // 8,000,000 EUR
    const over = guard.check(marginOrder('XBTEUR', 'buy', '160', '50000.1'));
    expect(codes(over)).toEqual([ALLOWANCE_EXCEEDED]);
    expect(over.violations[0]).toMatchObject({ currency: 'EUR', limit: '8000000' });
  });
});

describe('seed: "Margin allowance limits are reset when you close a position"', () => {
  it('repays the pool on close, in full or in part, and on cancel and reject', () => {
    const { guard } = testGuard();
    const full = marginOrder('XBTUSD', 'buy', '300', '50000');
    const ref = placeAndFill(guard, full);
    expect(guard.check(marginOrder('XBTUSD', 'buy', '1', '50000')).allowed).toBe(false);
    guard.apply({ type: 'position-closed', position: `O-${ref}`, volume: '100' });
    expect(guard.snapshot().pools[0]).toMatchObject({ currency: 'USD', total: '10000000' });
    guard.apply({ type: 'position-closed', position: `O-${ref}` });
    expect(guard.snapshot().pools).toEqual([]);
    const reserved = guard.reserve(full);
    expect(guard.check(full).allowed).toBe(false);
    guard.apply({ type: 'order-rejected', ref: reserved.ref ?? '' });
    expect(guard.check(full).allowed).toBe(true);
  });

  it('repays the pool when an opposite margin order reduces the position (FIFO)', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('XBTUSD', 'buy', '200', '50000'));
    placeAndFill(guard, marginOrder('XBTUSD', 'buy', '100', '50000'));
    placeAndFill(guard, marginOrder('XBTUSD', 'sell', '250', '51000'));
    const [only, ...rest] = guard.positions();
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ volume: '50', borrowed: '2500000' });
  });
});
