import { describe, expect, it } from 'vitest';
import { codes, marginOrder, placeAndFill, testGuard } from './support/guard-factory.js';

// Kraken judges an order opposite a position against the position alone, so two closing orders that together
// exceed it are both accepted; once the first has closed the position, the second opens a new one with its fill.
// The guard's own policies (the REDUCING kill switch, the loss limits, the notional exemptions) let through orders
// that "reduce": judged against the whole position too, the second passed them all, although it may open a
// position. Now only what the other open orders leave of the position counts as reducing for those policies.
function shortOf2(config = {}) {
  const made = testGuard(config);
  placeAndFill(made.guard, marginOrder('XBTUSD', 'sell', '2', '60000.0'));
  return made;
}

describe('orders closing the same position', () => {
  it('under REDUCING, a batch of two closing buys each within the short is refused for the second', () => {
    const { guard } = shortOf2();
    guard.setTradingState('REDUCING', 'test');
    const buy = marginOrder('XBTUSD', 'buy', '2', '60000.0');
    expect(guard.check(buy).allowed).toBe(true);
    const batch = guard.reserveBatch([buy, buy]);
    expect(batch.allowed).toBe(false);
    expect(batch.decisions.map((decision) => codes(decision))).toEqual([[], ['EGuard:Reducing only']]);
    expect(guard.orders()).toEqual([]);
  });

  it('a closing order the others already cover is held to the pair notional cap like any order', () => {
    const { guard } = shortOf2({ pairs: { XBTUSD: { maxPairNotional: '250000' } } });
    expect(guard.reserve(marginOrder('XBTUSD', 'buy', '2', '59000.0')).allowed).toBe(true);
    const second = guard.check(marginOrder('XBTUSD', 'buy', '1', '59000.0'));
    expect(codes(second)).toEqual(['EGuard:Pair notional exceeded']);
    expect(second.violations[0]).toMatchObject({ limit: '250000', requested: '297000' });
  });

  it('under REDUCING, refuses a closing order the open orders already cover, naming what they cover', () => {
    const { guard } = shortOf2();
    guard.setTradingState('REDUCING', 'test');
    expect(guard.reserve(marginOrder('XBTUSD', 'buy', '1.5', '59000.0')).allowed).toBe(true);
    const second = guard.check(marginOrder('XBTUSD', 'buy', '1', '59000.0'));
    expect(codes(second)).toEqual(['EGuard:Reducing only']);
    expect(second.violations[0]?.message).toContain('1.5 of it already being closed by open orders');
    expect(guard.check(marginOrder('XBTUSD', 'buy', '0.5', '59000.0')).allowed).toBe(true);
  });

  it('reduce_only orders never open a position, so they may overlap', () => {
    const { guard } = shortOf2();
    guard.setTradingState('REDUCING', 'test');
    const closeAll = { ...marginOrder('XBTUSD', 'buy', '2', '59000.0'), reduceOnly: true };
    expect(guard.reserve(closeAll).allowed).toBe(true);
    expect(guard.reserve(closeAll).allowed).toBe(true);
  });
});

describe('an amend of a closing order', () => {
  function restingClose(volume: string) {
    const made = shortOf2();
    const ref = made.guard.reserve(marginOrder('XBTUSD', 'buy', volume, '59000.0')).ref ?? '';
    made.guard.apply({ type: 'order-accepted', ref, txid: 'OCLOSE' });
    return { ...made, ref };
  }

  it('may not grow it past the position it closes', () => {
    const { guard } = restingClose('1');
    expect(guard.check({ kind: 'amend', orderId: 'OCLOSE', volume: '2' }).allowed).toBe(true);
    const grown = guard.check({ kind: 'amend', orderId: 'OCLOSE', volume: '3' });
    expect(codes(grown)).toEqual(['EOrder:Cannot open opposing position']);
    expect(grown.violations[0]).toMatchObject({ limit: '2', requested: '3', currency: 'BTC' });
  });

  it('is no longer reducing under REDUCING once it grows past the position', () => {
    const { guard } = restingClose('1');
    guard.setTradingState('REDUCING', 'test');
    expect(guard.check({ kind: 'amend', orderId: 'OCLOSE', volume: '0.5' }).allowed).toBe(true);
    expect(codes(guard.check({ kind: 'amend', orderId: 'OCLOSE', volume: '3' }))).toEqual([
      'EGuard:Reducing only',
      'EOrder:Cannot open opposing position',
    ]);
  });

  it('under REDUCING, may not grow it past what another closing order leaves of the position', () => {
    const { guard } = restingClose('1');
    expect(guard.reserve(marginOrder('XBTUSD', 'buy', '1', '59000.0')).allowed).toBe(true);
    guard.setTradingState('REDUCING', 'test');
    expect(guard.check({ kind: 'amend', orderId: 'OCLOSE', volume: '1' }).allowed).toBe(true);
    const grown = guard.check({ kind: 'amend', orderId: 'OCLOSE', volume: '1.5' });
    expect(codes(grown)).toEqual(['EGuard:Reducing only']);
    expect(grown.violations[0]?.message).toContain('1 of it already being closed by open orders');
  });
});
