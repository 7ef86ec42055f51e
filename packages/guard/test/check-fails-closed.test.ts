import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../src/intent.js';
import { codes, marginOrder, testGuard } from './support/guard-factory.js';

describe('check() fails closed', () => {
  it('refuses an unknown pair', () => {
    const { guard } = testGuard();
    const decision = guard.check(marginOrder('FOOBAR', 'buy', '1', '1'));
    expect(decision).toEqual({
      allowed: false,
      violations: [expect.objectContaining({ code: 'EQuery:Unknown asset pair', field: 'pair' })],
    });
  });

  it('finds a pair by any of its names', () => {
    const { guard } = testGuard();
    for (const name of ['XXBTZUSD', 'XBTUSD', 'XBT/USD', 'BTC/USD', 'btc/usd']) {
      expect(guard.check(marginOrder(name, 'buy', '1', '50000')).allowed).toBe(true);
    }
  });

  it('refuses a market order with no reference price, and prices it when one is given', () => {
    const { guard } = testGuard();
    const market: OrderIntent = {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'market',
      volume: '1',
      leverage: '5',
    };
    expect(codes(guard.check(market))).toEqual(['EGuard:Missing reference price']);
    expect(guard.check({ ...market, referencePrice: '50000' }).allowed).toBe(true);
    guard.setReferencePrice('XBTUSD', '50000');
    expect(guard.check(market).allowed).toBe(true);
    expect(codes(guard.check({ ...market, volume: '301' }))).toEqual(['EOrder:Margin allowance exceeded']);
  });

  it('refuses money given as a JS number, naming the field and value', () => {
    const { guard } = testGuard();
    const decision = guard.check({
      ...marginOrder('XBTUSD', 'buy', '1', '50000'),
      volume: 0.5,
    } as unknown as OrderIntent);
    expect(decision.allowed).toBe(false);
    expect(decision.violations[0]).toMatchObject({
      rule: 'intent',
      field: 'volume',
      code: 'EGeneral:Invalid arguments:volume',
    });
    expect(decision.violations[0]?.message).toContain('0.5');
  });

  it('refuses relative or malformed prices and malformed intents without throwing', () => {
    const { guard } = testGuard();
    expect(codes(guard.check(marginOrder('XBTUSD', 'buy', '1', '+5')))).toEqual([
      'EGeneral:Invalid arguments:price',
    ]);
    expect(
      codes(
        guard.check({
          pair: 'XBTUSD',
          side: 'long',
          orderType: 'limit',
          volume: '1',
        } as unknown as OrderIntent),
      ),
    ).toEqual(['EGuard:Invalid intent']);
    expect(codes(guard.check(null as unknown as OrderIntent))).toEqual(['EGuard:Invalid intent']);
    expect(codes(guard.check({ pair: 'XBTUSD', side: 'buy', orderType: 'limit', volume: '1' }))).toEqual([
      'EGeneral:Invalid arguments:price',
    ]);
  });

  it('refuses everything while seeded exposure cannot be evaluated (unknown state)', () => {
    const { guard } = testGuard(
      {},
      { openPositions: { P1: { pair: 'XNEWZUSD', type: 'buy', cost: '100', vol: '1', vol_closed: '0' } } },
    );
    const decision = guard.check(marginOrder('XBTUSD', 'buy', '1', '50000'));
    expect(codes(decision)).toEqual(['EGuard:Unknown account state']);
    expect(decision.violations[0]?.message).toContain('position P1 on unknown pair XNEWZUSD');
    expect(guard.check({ kind: 'cancel' }).allowed).toBe(true);
  });

  it('refuses an amend of an order it does not track', () => {
    const { guard } = testGuard();
    expect(codes(guard.check({ kind: 'amend', orderId: 'OXXXX', price: '1' }))).toEqual([
      'EGuard:Unknown order',
    ]);
  });
});

describe('check() lists every violation, not just the first', () => {
  it('reports allowance, size, tick, band and notional problems of one order together', () => {
    const { guard } = testGuard(
      {
        sanity: { priceBandBps: 100, maxOrderNotional: { USD: '1000000' } },
        pairs: { XBTUSD: { longPositionLimit: '200' } },
      },
      { referencePrices: { XBTUSD: '50000' } },
    );
    const decision = guard.check(marginOrder('XBTUSD', 'buy', '400', '60000.05'));
    expect(decision.violations.map((v) => v.rule)).toEqual([
      'pair-limits',
      'pair-limits',
      'margin-allowance',
      'position-size',
      'price-band',
      'notional',
    ]);
  });

  it('does not change state: the same check twice gives the same answer', () => {
    const { guard } = testGuard();
    const order = marginOrder('XBTUSD', 'buy', '300', '50000');
    const before = guard.snapshot();
    expect(guard.check(order)).toEqual(guard.check(order));
    expect(guard.snapshot()).toEqual(before);
  });
});

describe('market orders are sized at the touch when it is known', () => {
  it('charges a market buy at the ask and a market sell at the bid', () => {
    const { guard } = testGuard();
    guard.setReferencePrice('XBTUSD', { bid: '49990', ask: '50010' });
    const buy: OrderIntent = {
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'market',
      volume: '299.9',
      leverage: '5',
    };
    // 299.9 × 50,010 = 14,997,999 fits; 300 × 50,010 = 15,003,000 does not (it would at the mid of 50,000).
    expect(guard.check(buy).allowed).toBe(true);
    const over = guard.check({ ...buy, volume: '300' });
    expect(over.violations[0]).toMatchObject({
      code: 'EOrder:Margin allowance exceeded',
      requested: '15003000',
    });
    guard.reserve(buy);
    expect(guard.orders()[0]).toMatchObject({ price: '50010' });
    const sell = guard.check({ ...buy, side: 'sell', volume: '1', leverage: '2', pair: 'XBTGBP' });
    expect(codes(sell)).toEqual(['EGuard:Missing reference price']);
  });
});
