import { describe, expect, it } from 'vitest';
import { codes, marginOrder, placeAndFill, testGuard } from './support/guard-factory.js';

describe('opposing positions', () => {
  it('lets a margin order opposite a position reduce it, up to its size', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('XBTUSD', 'buy', '2', '50000'));
    expect(guard.check(marginOrder('XBTUSD', 'sell', '2', '51000')).allowed).toBe(true);
    const decision = guard.check(marginOrder('XBTUSD', 'sell', '3', '51000'));
    expect(codes(decision)).toEqual(['EOrder:Cannot open opposing position']);
    expect(decision.violations[0]).toMatchObject({ limit: '2', requested: '3', currency: 'BTC' });
  });

  it('does not charge a reducing order to any pool', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('XBTUSD', 'sell', '310', '50000')); // BTC pool full
    expect(guard.reserve(marginOrder('XBTUSD', 'buy', '310', '50000')).allowed).toBe(true);
    expect(guard.snapshot().pools).toEqual([expect.objectContaining({ currency: 'BTC', total: '310' })]);
  });

  it('fills volume 0 on a closing margin order to the whole position (Kraken rule)', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('XBTUSD', 'buy', '2', '50000'));
    const reservation = guard.reserve(marginOrder('XBTUSD', 'sell', '0', '51000'));
    expect(reservation.allowed).toBe(true);
    expect(guard.orders()[0]).toMatchObject({ volume: '2', reducing: true });
  });
});

describe('reduce_only orders', () => {
  it('need a position to reduce', () => {
    const { guard } = testGuard();
    const decision = guard.check({ ...marginOrder('XBTUSD', 'sell', '1', '50000'), reduceOnly: true });
    expect(codes(decision)).toEqual(['EOrder:Reduce only:No position exists']);
  });

  it('may be larger than the position: Kraken fills up to it and cancels the rest', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('XBTUSD', 'buy', '2', '50000'));
    const big = { ...marginOrder('XBTUSD', 'sell', '5', '51000'), reduceOnly: true };
    const ref = guard.reserve(big).ref ?? '';
    guard.apply({ type: 'order-filled', order: ref, volume: '2', price: '51000' });
    expect(guard.positions()).toEqual([]);
    guard.apply({ type: 'order-cancelled', order: ref });
    expect(guard.orders()).toEqual([]);
    expect(guard.snapshot().pools).toEqual([]);
  });
});
