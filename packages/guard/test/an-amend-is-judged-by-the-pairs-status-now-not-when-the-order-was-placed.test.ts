import { describe, expect, it } from 'vitest';
import { ASSET_PAIRS } from './support/asset-pairs.js';
import { codes, testGuard } from './support/guard-factory.js';

// An open order keeps the pair it was placed on; AssetPairs may since have put that pair in cancel_only (or
// reduce_only, post_only) mode, or dropped it. The guard judged an amend by the pair as it was when the order was
// placed, so an amend growing an order on a market that now accepts nothing new passed.
function restingBuy() {
  const made = testGuard();
  const ref =
    made.guard.reserve({ pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1', price: '50000.0' })
      .ref ?? '';
  made.guard.apply({ type: 'order-accepted', ref, txid: 'OBUY' });
  return made;
}

describe('an amend after AssetPairs changed', () => {
  it('is refused once the pair is in cancel_only mode', () => {
    const { guard } = restingBuy();
    expect(guard.check({ kind: 'amend', orderId: 'OBUY', volume: '2' }).allowed).toBe(true);
    guard.updateAssetPairs({ ...ASSET_PAIRS, XXBTZUSD: { ...ASSET_PAIRS.XXBTZUSD, status: 'cancel_only' } });
    expect(codes(guard.check({ kind: 'amend', orderId: 'OBUY', volume: '2' }))).toEqual([
      'EService:Market in cancel_only mode',
    ]);
  });

  it('is refused once the pair is no longer in AssetPairs', () => {
    const { guard } = restingBuy();
    const { XXBTZUSD: _dropped, ...rest } = ASSET_PAIRS;
    guard.updateAssetPairs(rest);
    const decision = guard.check({ kind: 'amend', orderId: 'OBUY', volume: '2' });
    expect(codes(decision)).toEqual(['EQuery:Unknown asset pair']);
    expect(decision.violations[0]?.message).toContain('XBTUSD');
  });
});
