import { describe, expect, it } from 'vitest';
import { tradingCost } from '../src/rate-limit/trading-costs.js';
import { limitBuy, place, reject } from './support/orders.js';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';

describe('matching-engine counter per pair (docs/kraken/rate-limits.md)', () => {
  it('cost table: add 1, amend/edit/cancel by order age, batch add n/2', () => {
    expect(tradingCost.add()).toBe(1);
    expect([2_000, 7_000, 12_000, 20_000].map(tradingCost.amend)).toEqual([4, 3, 2, 1]);
    expect([2_000, 7_000, 12_000, 20_000, 60_000, 100_000].map(tradingCost.edit)).toEqual([7, 6, 5, 3, 2, 1]);
    expect([2_000, 7_000, 12_000, 20_000, 60_000, 100_000, 300_000].map(tradingCost.cancel)).toEqual([
      8, 6, 5, 4, 2, 1, 0,
    ]);
    expect(tradingCost.batchAdd(15)).toBe(7.5);
    // the docs' worked example: add, amend at 7 s, cancel 36 s later = 1 + 3 + 4 = 8
    expect(tradingCost.add() + tradingCost.amend(7_000) + tradingCost.cancel(36_000)).toBe(8);
  });

  it('starter: threshold 60; the 61st add in a burst is EOrder:Rate limit exceeded, on that pair only', () => {
    const w = world({ tier: 'starter', balances: { ZUSD: '1000000' } });
    for (let i = 0; i < 60; i += 1) place(w, limitBuy('0.0001', '50000.0'));
    expect(reject(w, limitBuy('0.0001', '50000.0'))).toEqual(['EOrder:Rate limit exceeded']);
    expect(reject(w, { ...limitBuy('0.01', '3000.00'), pair: 'ETHUSD' })).toEqual([]);
  });

  it('batch cancels are always accepted and charged; then adds wait for the decay', () => {
    const w = world({ tier: 'starter', balances: { ZUSD: '1000000' } });
    const orders = Array.from({ length: 10 }, () => place(w, limitBuy('0.0001', '50000.0')));
    for (const order of orders) ok(w.exchange, w.key, 'CancelOrderBatch', { orders: [order.txid] }); // 10 + 10×8 = 90 > 60
    expect(reject(w, limitBuy('0.0001', '50000.0'))).toEqual(['EOrder:Rate limit exceeded']);
    w.clock.advance(30_000); // starter decays 1/s: 90 − 30 = 60, still no room for +1
    expect(reject(w, limitBuy('0.0001', '50000.0'))).toEqual(['EOrder:Rate limit exceeded']);
    w.clock.advance(1_000);
    expect(reject(w, limitBuy('0.0001', '50000.0'))).toEqual([]);
  });

  it('a single CancelOrder over the threshold is refused by default (nothing cancelled or charged); accepted when the setting says so', () => {
    const w = world({ tier: 'starter', balances: { ZUSD: '1000000' } });
    const orders = Array.from({ length: 53 }, () => place(w, limitBuy('0.0001', '50000.0')));
    const first = orders[0]!;
    // 53 + 8 = 61 > 60
    expect(call(w.exchange, w.key, 'CancelOrder', { txid: first.txid }).error).toEqual([
      'EOrder:Rate limit exceeded',
    ]);
    expect(first.status).toBe('open');
    w.clock.advance(1_000); // 52 + 8 = 60
    expect(call(w.exchange, w.key, 'CancelOrder', { txid: first.txid }).error).toEqual([]);
    expect(first.status).toBe('canceled');

    const lenient = world(
      { tier: 'starter', balances: { ZUSD: '1000000' } },
      { settings: { singleCancelOverThreshold: 'accepted' } },
    );
    const placed = Array.from({ length: 60 }, () => place(lenient, limitBuy('0.0001', '50000.0')));
    expect(call(lenient.exchange, lenient.key, 'CancelOrder', { txid: placed[0]!.txid }).error).toEqual([]);
    expect(reject(lenient, limitBuy('0.0001', '50000.0'))).toEqual(['EOrder:Rate limit exceeded']);
  });

  it('a rejected add charges nothing', () => {
    const w = world({ tier: 'starter', balances: { ZUSD: '1000000' } });
    const orders = Array.from({ length: 7 }, () => place(w, limitBuy('0.0001', '50000.0')));
    for (const order of orders) ok(w.exchange, w.key, 'CancelOrderBatch', { orders: [order.txid] }); // 7 + 56 = 63
    for (let i = 0; i < 5; i += 1)
      expect(reject(w, limitBuy('0.0001', '50000.0'))).toEqual(['EOrder:Rate limit exceeded']);
    w.clock.advance(4_000); // 59
    expect(reject(w, limitBuy('0.0001', '50000.0'))).toEqual([]);
  });

  it('open orders per pair are capped (starter 60): EOrder:Orders limit exceeded', () => {
    const w = world({ tier: 'starter', balances: { ZUSD: '1000000' } });
    for (let i = 0; i < 60; i += 1) {
      place(w, limitBuy('0.0001', '50000.0'));
      w.clock.advance(1_000);
    }
    expect(reject(w, limitBuy('0.0001', '50000.0'))).toEqual(['EOrder:Orders limit exceeded']);
    expect(
      call(w.exchange, w.key, 'AddOrder', { ...limitBuy('0.01', '3000.00'), pair: 'ETHUSD' }).error,
    ).toEqual([]);
  });
});
