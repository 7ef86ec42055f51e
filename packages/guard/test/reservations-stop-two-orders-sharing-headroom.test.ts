import { describe, expect, it } from 'vitest';
import { codes, marginOrder, testGuard } from './support/guard-factory.js';

describe('reserve(): two in-flight orders cannot both take the same headroom', () => {
  it('lets the first take the headroom and refuses the second, until the first is rejected', () => {
    const { guard } = testGuard();
    const half = marginOrder('XBTUSD', 'buy', '200', '50000'); // 10,000,000 USD of 15,000,000
    expect(guard.check(half).allowed).toBe(true);
    const first = guard.reserve(half);
    expect(first).toMatchObject({ allowed: true, ref: 'R1' });
    expect(codes(guard.reserve(half))).toEqual(['EOrder:Margin allowance exceeded']);
    guard.apply({ type: 'order-rejected', ref: first.ref ?? '' });
    expect(guard.reserve(half).allowed).toBe(true);
  });

  it('converts a reservation to usage on fill, at the fill price', () => {
    const { guard } = testGuard();
    const ref = guard.reserve(marginOrder('XBTUSD', 'buy', '100', '50000')).ref ?? '';
    guard.apply({ type: 'order-accepted', ref, txid: 'OABC' });
    guard.apply({ type: 'order-filled', order: 'OABC', volume: '40', price: '49000' });
    expect(guard.snapshot().pools).toEqual([
      expect.objectContaining({ currency: 'USD', positions: '1960000', orders: '3000000', total: '4960000' }),
    ]);
    guard.apply({ type: 'order-cancelled', order: 'OABC' });
    expect(guard.snapshot().pools[0]).toMatchObject({ orders: '0', total: '1960000' });
  });

  it('ignores events for unknown orders and says so', () => {
    const { guard } = testGuard();
    expect(guard.apply({ type: 'order-cancelled', order: 'nope' })).toBe(false);
    expect(guard.apply({ type: 'position-closed', position: 'nope' })).toBe(false);
  });

  it('reserves a batch all or nothing', () => {
    const { guard } = testGuard();
    const orders = [
      marginOrder('XBTUSD', 'buy', '200', '50000'),
      marginOrder('XBTUSD', 'buy', '200', '50000'),
    ];
    const batch = guard.reserveBatch(orders);
    expect(batch.allowed).toBe(false);
    expect(codes(batch.decisions[1] ?? { violations: [] })).toEqual(['EOrder:Margin allowance exceeded']);
    expect(guard.orders()).toEqual([]);
    const ok = guard.reserveBatch([orders[0] ?? orders[1]!, marginOrder('XBTUSD', 'buy', '100', '50000')]);
    expect(ok.allowed).toBe(true);
    expect(guard.orders()).toHaveLength(2);
    expect(guard.snapshot().pairs[0]?.rateCounter).toBe(1);
  });
});

describe('amends replace what the order holds, never add to it', () => {
  it('checks the new size against usage without the order itself', () => {
    const { guard } = testGuard();
    const ref = guard.reserve(marginOrder('XBTUSD', 'buy', '300', '50000')).ref ?? '';
    guard.apply({ type: 'order-accepted', ref, txid: 'OAMEND' });
    expect(guard.check({ kind: 'amend', orderId: 'OAMEND', price: '49000' }).allowed).toBe(true);
    expect(codes(guard.check({ kind: 'amend', orderId: 'OAMEND', price: '50000.1' }))).toEqual([
      'EOrder:Margin allowance exceeded',
    ]);
  });

  it('holds the larger of old and new until the amend is answered', () => {
    const { guard } = testGuard();
    const ref = guard.reserve(marginOrder('XBTUSD', 'buy', '100', '50000')).ref ?? '';
    const amend = guard.reserve({ kind: 'amend', orderId: ref, volume: '150' });
    expect(amend).toMatchObject({ allowed: true, ref: 'A2' });
    expect(guard.snapshot().pools[0]?.total).toBe('7500000');
    guard.apply({ type: 'amend-rejected', ref: amend.ref ?? '' });
    expect(guard.snapshot().pools[0]?.total).toBe('5000000');
    const smaller = guard.reserve({ kind: 'amend', orderId: ref, volume: '50' });
    expect(guard.snapshot().pools[0]?.total).toBe('5000000');
    guard.apply({ type: 'amend-accepted', ref: smaller.ref ?? '' });
    expect(guard.snapshot().pools[0]?.total).toBe('2500000');
  });
});
