import { describe, expect, it } from 'vitest';
import { codes, marginOrder, testGuard } from './support/guard-factory.js';

// The guard holds one pending change per order. A second amend sent before the first is answered replaced the
// first's hold: after growing an order to 100 BTC and then asking for 2, the USD pool held 2 × 60,000 while the
// exchange could still apply the 100 (or apply it last); once the first was accepted and the second rejected, the
// guard believed 2 BTC were open when 100 were.
function restingLong() {
  const made = testGuard();
  const ref = made.guard.reserve(marginOrder('XBTUSD', 'buy', '1', '60000.0')).ref ?? '';
  made.guard.apply({ type: 'order-accepted', ref, txid: 'OLONG' });
  return made;
}

function usdOrders(guard: ReturnType<typeof testGuard>['guard']): string | undefined {
  return guard.snapshot().pools.find((pool) => pool.currency === 'USD')?.orders;
}

describe('an amend of an order whose earlier amend is not answered yet', () => {
  it('is refused, naming the order and the change in flight, and the first change keeps its hold', () => {
    const { guard } = restingLong();
    const first = guard.reserve({ kind: 'amend', orderId: 'OLONG', volume: '100' });
    expect(first.allowed).toBe(true);
    expect(usdOrders(guard)).toBe('6000000');
    const second = guard.reserve({ kind: 'amend', orderId: 'OLONG', volume: '2' });
    expect(second.allowed).toBe(false);
    expect(codes(second)).toEqual(['EGuard:Amend pending']);
    expect(second.violations[0]).toMatchObject({ field: 'orderId' });
    expect(second.violations[0]?.message).toContain('"OLONG"');
    expect(second.violations[0]?.message).toContain(`${first.ref}: volume 100`);
    expect(usdOrders(guard)).toBe('6000000');
    guard.apply({ type: 'amend-accepted', ref: first.ref ?? '' });
    expect(guard.orders()).toEqual([expect.objectContaining({ volume: '100', txid: 'OLONG' })]);
    expect(usdOrders(guard)).toBe('6000000');
  });

  it('is judged as usual once the first is answered, accepted or rejected', () => {
    const { guard } = restingLong();
    const first = guard.reserve({ kind: 'amend', orderId: 'OLONG', volume: '100' });
    guard.apply({ type: 'amend-rejected', ref: first.ref ?? '' });
    const second = guard.reserve({ kind: 'amend', orderId: 'OLONG', volume: '2' });
    expect(second.allowed).toBe(true);
    guard.apply({ type: 'amend-accepted', ref: second.ref ?? '' });
    expect(guard.reserve({ kind: 'amend', orderId: 'OLONG', volume: '3' }).allowed).toBe(true);
  });

  it('never stops a cancel', () => {
    const { guard } = restingLong();
    guard.reserve({ kind: 'amend', orderId: 'OLONG', volume: '100' });
    expect(guard.check({ kind: 'cancel', orderIds: ['OLONG'] }).allowed).toBe(true);
  });
});
