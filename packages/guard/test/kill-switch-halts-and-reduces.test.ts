import { describe, expect, it } from 'vitest';
import { codes, marginOrder, placeAndFill, testGuard } from './support/guard-factory.js';

describe('trading state: the kill switch', () => {
  it('HALTED refuses every order and withdrawal, but cancels always pass', () => {
    const { guard } = testGuard({ withdrawal: { allowedKeys: ['cold'] } });
    const ref = guard.reserve(marginOrder('XBTUSD', 'buy', '1', '50000')).ref ?? '';
    guard.setTradingState('HALTED', 'drawdown limit');
    const decision = guard.check(marginOrder('XBTUSD', 'buy', '1', '50000'));
    expect(decision.violations[0]).toMatchObject({
      rule: 'trading-state',
      code: 'EGuard:Trading halted',
      message: 'trading is HALTED (drawdown limit): only cancels pass',
    });
    const withdrawal = {
      kind: 'withdraw' as const,
      asset: 'USD',
      key: 'cold',
      amount: '1',
      apiKey: { name: 'w', permissions: [] },
    };
    expect(codes(guard.check(withdrawal))).toEqual(['EGuard:Trading halted']);
    expect(guard.check({ kind: 'cancel', orderIds: [ref] })).toEqual({ allowed: true, violations: [] });
    expect(guard.check({ kind: 'cancel' }).allowed).toBe(true);
    expect(codes(guard.check({ kind: 'amend', orderId: ref, price: '49000' }))).toEqual([
      'EGuard:Trading halted',
    ]);
  });

  it('REDUCING lets only position-reducing orders through', () => {
    const { guard } = testGuard();
    placeAndFill(guard, marginOrder('XBTUSD', 'buy', '2', '50000'));
    guard.setTradingState('REDUCING');
    expect(guard.check(marginOrder('XBTUSD', 'sell', '1', '50000')).allowed).toBe(true);
    expect(guard.check({ ...marginOrder('XBTUSD', 'sell', '9', '50000'), reduceOnly: true }).allowed).toBe(
      true,
    );
    expect(codes(guard.check(marginOrder('XBTUSD', 'buy', '1', '50000')))).toEqual(['EGuard:Reducing only']);
    const spot = {
      pair: 'XBTUSD',
      side: 'sell' as const,
      orderType: 'limit' as const,
      volume: '1',
      price: '50000',
    };
    expect(codes(guard.check(spot))).toEqual(['EGuard:Reducing only']);
    guard.setTradingState('ACTIVE');
    expect(guard.check(spot).allowed).toBe(true);
  });

  it('can start HALTED from config and refuses an unknown state (fail closed)', () => {
    const { guard } = testGuard({ tradingState: 'HALTED' });
    expect(guard.tradingState()).toEqual({ state: 'HALTED', reason: '' });
    expect(() => guard.setTradingState('PAUSED' as 'HALTED')).toThrow(/tradingState/);
  });
});
