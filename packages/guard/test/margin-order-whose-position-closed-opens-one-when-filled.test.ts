import { describe, expect, it } from 'vitest';
import { marginOrder, placeAndFill, testGuard } from './support/guard-factory.js';

// Found by the guard-vs-mock differential test: a resting margin buy placed to close a short is a plain margin
// order. If the short is closed by another order first, the buy still fills later, and the exchange opens a long
// with it (after checking the margin rules again). The guard dropped that fill, so it under-counted the USD pool
// and the long size from then on. Only a reduce_only order never opens a position (Kraken cancels its rest).
function shortThenRestingBuy(reduceOnly: boolean) {
  const { guard } = testGuard();
  placeAndFill(guard, marginOrder('XBTUSD', 'sell', '2', '60000.0'));
  const resting = guard.reserve({ ...marginOrder('XBTUSD', 'buy', '2', '59000.0'), reduceOnly });
  if (resting.ref === undefined) throw new Error('the closing buy should be allowed');
  guard.apply({ type: 'order-accepted', ref: resting.ref, txid: 'ORESTING' });
  // Another order closes the short first.
  placeAndFill(guard, marginOrder('XBTUSD', 'buy', '2', '60000.0'), '60000.0');
  expect(guard.positions()).toEqual([]);
  guard.apply({ type: 'order-filled', order: 'ORESTING', volume: '2', price: '59000.0' });
  return guard;
}

describe('a margin order whose position closed before it filled', () => {
  it('opens a position with its fill, borrowing from its pool like any new long', () => {
    const guard = shortThenRestingBuy(false);
    expect(guard.positions()).toMatchObject([{ pair: 'XBTUSD', side: 'buy', volume: '2', pool: 'USD' }]);
    expect(guard.snapshot().pools).toMatchObject([{ currency: 'USD', total: '118000' }]);
  });

  it('a reduce_only order opens nothing with the same fill', () => {
    const guard = shortThenRestingBuy(true);
    expect(guard.positions()).toEqual([]);
    expect(guard.snapshot().pools).toEqual([]);
  });

  it('a fill larger than what is left of the position closes it and opens the rest', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('XBTUSD', 'sell', '2', '60000.0'));
    const resting = guard.reserve(marginOrder('XBTUSD', 'buy', '2', '59000.0'));
    guard.apply({ type: 'order-accepted', ref: resting.ref ?? '', txid: 'ORESTING' });
    placeAndFill(guard, marginOrder('XBTUSD', 'buy', '1.5', '60000.0'), '60000.0');
    guard.apply({ type: 'order-filled', order: 'ORESTING', volume: '2', price: '59000.0' });
    expect(guard.positions()).toMatchObject([{ side: 'buy', volume: '1.5', borrowed: '88500' }]);
  });
});
