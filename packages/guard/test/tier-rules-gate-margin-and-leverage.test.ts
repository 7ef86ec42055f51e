import { describe, expect, it } from 'vitest';
import { codes, marginOrder, testGuard } from './support/guard-factory.js';

const INVALID_LEVERAGE = 'EGeneral:Invalid arguments:leverage';

describe('tier: Starter has margin trading disabled', () => {
  it('refuses any margin order with EOrder:Cannot open position, REST leverage or WS margin: true', () => {
    const { guard } = testGuard({ tier: 'starter' });
    expect(codes(guard.check(marginOrder('XBTUSD', 'buy', '0.01', '50000', '2')))).toEqual([
      'EOrder:Cannot open position',
    ]);
    const ws = {
      pair: 'BTC/USD',
      side: 'sell' as const,
      orderType: 'limit' as const,
      volume: '0.01',
      price: '50000',
      margin: true,
    };
    const decision = guard.check(ws);
    expect(codes(decision)).toEqual(['EOrder:Cannot open position']);
    expect(decision.violations[0]?.message).toBe('margin trading is disabled for the starter tier');
  });

  it('still lets a Starter trade spot', () => {
    const { guard } = testGuard({ tier: 'starter' });
    const spot = {
      pair: 'XBTUSD',
      side: 'buy' as const,
      orderType: 'limit' as const,
      volume: '0.01',
      price: '50000',
    };
    expect(guard.check(spot)).toEqual({ allowed: true, violations: [] });
  });
});

describe('leverage: a value the pair offers, within the tier and pair caps', () => {
  it('accepts Kraken leverage forms "5", "5:1" and 5 when the pair offers 5', () => {
    const { guard } = testGuard();
    for (const leverage of ['5', '5:1', 5]) {
      expect(guard.check({ ...marginOrder('XBTUSD', 'buy', '1', '50000'), leverage }).allowed).toBe(true);
    }
  });

  it('refuses a leverage the pair does not offer, naming the offered list', () => {
    const { guard } = testGuard();
    const decision = guard.check(marginOrder('XBTUSD', 'buy', '1', '50000', '7'));
    expect(codes(decision)).toEqual([INVALID_LEVERAGE]);
    expect(decision.violations[0]?.message).toContain('leverage_buy: 2, 3, 4, 5');
  });

  it('refuses margin on a pair with no margin for the side', () => {
    const { guard } = testGuard();
    const { leverage: _rest, ...order } = marginOrder('DOGEEUR', 'buy', '100', '0.1');
    const decision = guard.check({ ...order, margin: true });
    expect(codes(decision)).toEqual([INVALID_LEVERAGE]);
    expect(decision.violations[0]?.message).toContain('none: no margin on this side');
  });

  it('counts WS margin: true at the pair maximum, against the tier cap', () => {
    const { guard } = testGuard({ tierLimits: { intermediate: { maxLeverage: 3 } } });
    const ws = {
      pair: 'XBT/USD',
      side: 'buy' as const,
      orderType: 'limit' as const,
      volume: '1',
      price: '50000',
      margin: true,
    };
    const decision = guard.check(ws);
    expect(codes(decision)).toEqual([INVALID_LEVERAGE]);
    expect(decision.violations[0]).toMatchObject({ limit: '3', requested: '5' });
    expect(decision.violations[0]?.message).toContain('margin: true uses the pair maximum');
    expect(guard.check(marginOrder('XBTUSD', 'buy', '1', '50000', '3')).allowed).toBe(true);
  });

  it('applies a per-pair cap from config below the tier maximum', () => {
    const { guard } = testGuard({ pairs: { XBTUSD: { maxLeverage: 2 } } });
    const decision = guard.check(marginOrder('XBTUSD', 'sell', '1', '50000', '4'));
    expect(decision.violations[0]).toMatchObject({ code: INVALID_LEVERAGE, limit: '2', requested: '4' });
    expect(decision.violations[0]?.message).toContain('configured maximum for XBTUSD');
  });

  it('refuses leverage text that is not a leverage', () => {
    const { guard } = testGuard();
    expect(codes(guard.check(marginOrder('XBTUSD', 'buy', '1', '50000', 'lots')))).toEqual([
      INVALID_LEVERAGE,
    ]);
  });
});
