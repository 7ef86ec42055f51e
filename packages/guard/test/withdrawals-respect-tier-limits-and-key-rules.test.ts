import { describe, expect, it } from 'vitest';
import type { WithdrawIntent } from '../src/intent.js';
import { codes, testGuard } from './support/guard-factory.js';

const withdrawalKey = { name: 'cold-storage-withdrawer', permissions: ['funds_withdraw', 'funds_query'] };
const config = { withdrawal: { allowedKeys: ['cold-wallet'] } };

function withdraw(amount: string, extra: Partial<WithdrawIntent> = {}): WithdrawIntent {
  return { kind: 'withdraw', asset: 'ZUSD', key: 'cold-wallet', amount, apiKey: withdrawalKey, ...extra };
}

describe('withdrawals: rolling 24-hour USD value against the tier daily limit', () => {
  it.each([
    ['starter', '5000'],
    ['intermediate', '500000'],
    ['pro', '10000000'],
  ] as const)('%s: up to %s USD a day, then refused', (tier, limit) => {
    const { guard } = testGuard({ tier, ...config });
    expect(guard.reserve(withdraw(limit)).allowed).toBe(true);
    const over = guard.check(withdraw('0.01'));
    expect(codes(over)).toEqual(['EGuard:Withdrawal daily limit exceeded']);
    expect(over.violations[0]).toMatchObject({ limit, currency: 'USD' });
  });

  it('sums across assets in USD and frees the window 24 hours later', () => {
    const { guard, clock } = testGuard({ tier: 'starter', ...config }, { usdPrices: { XXBT: '60000' } });
    const sent = guard.reserve(withdraw('0.05', { asset: 'XBT' })); // 3,000 USD
    guard.apply({ type: 'withdrawal-sent', ref: sent.ref ?? '' });
    clock.advance(60 * 60 * 1000);
    expect(guard.reserve(withdraw('2000')).allowed).toBe(true); // 5,000 total
    const decision = guard.check(withdraw('1'));
    expect(decision.violations[0]?.message).toBe(
      'withdrawals in the last 24 h total 5000 USD; this 1 USD ≈ 1 USD would make 5001 USD, above the starter daily limit 5000 USD',
    );
    clock.advance(23 * 60 * 60 * 1000 + 1); // the BTC withdrawal is now older than 24 h
    expect(guard.check(withdraw('3000')).allowed).toBe(true);
    expect(guard.check(withdraw('3000.01')).allowed).toBe(false);
  });

  it('releases a rejected withdrawal from the window', () => {
    const { guard } = testGuard({ tier: 'starter', ...config });
    const reserved = guard.reserve(withdraw('5000'));
    expect(guard.check(withdraw('1')).allowed).toBe(false);
    guard.apply({ type: 'withdrawal-rejected', ref: reserved.ref ?? '' });
    expect(guard.check(withdraw('5000')).allowed).toBe(true);
  });

  it('counts past withdrawals from the seed, and a configured limit can only be lower than the tier', () => {
    const { guard, clock } = testGuard(
      { tier: 'pro', withdrawal: { allowedKeys: ['cold-wallet'], dailyUsd: '20000000' } },
      { withdrawals: [{ usd: '9999000', at: Date.UTC(2026, 0, 5, 1, 0, 0) }] },
    );
    expect(clock.now).toBeGreaterThan(Date.UTC(2026, 0, 5, 1, 0, 0));
    expect(guard.check(withdraw('1000')).allowed).toBe(true);
    expect(guard.check(withdraw('1000.01')).violations[0]).toMatchObject({ limit: '10000000' });
  });

  it('refuses when no USD price is known (fail closed), and uses a supplied one', () => {
    const { guard } = testGuard(config);
    expect(codes(guard.check(withdraw('1', { asset: 'XETH' })))).toEqual(['EGuard:Missing reference price']);
    expect(guard.check(withdraw('1', { asset: 'XETH', usdPrice: '3000' })).allowed).toBe(true);
  });

  it('is never above WithdrawInfo limit nor the known balance', () => {
    const { guard } = testGuard(config, { balance: { ZUSD: '1000.5', 'ZUSD.HOLD': '99999' } });
    const decision = guard.check(withdraw('1200', { infoLimit: '1100' }));
    expect(codes(decision)).toEqual([
      'EGuard:Withdrawal above WithdrawInfo limit',
      'EGuard:Insufficient balance',
    ]);
    expect(decision.violations[1]).toMatchObject({ limit: '1000.5', requested: '1200', currency: 'USD' });
  });
});

describe('withdrawals: only to allow-listed keys, never through a trading key', () => {
  it('refuses a withdrawal key name that is not allow-listed', () => {
    const { guard } = testGuard(config);
    const decision = guard.check(withdraw('10', { key: 'someone-else' }));
    expect(codes(decision)).toEqual(['EGuard:Withdrawal key not allowlisted']);
    expect(decision.violations[0]?.message).toContain('(cold-wallet)');
  });

  it('refuses everything when no key is allow-listed (fail closed)', () => {
    const { guard } = testGuard();
    expect(codes(guard.check(withdraw('10')))).toEqual(['EGuard:Withdrawal key not allowlisted']);
  });

  it('refuses a withdrawal through an API key declared for trading, by permission or by name', () => {
    const { guard } = testGuard({
      withdrawal: { allowedKeys: ['cold-wallet'], tradingKeyNames: ['bot-main'] },
    });
    const trader = {
      name: 'bot',
      permissions: ['Orders and trades - Create & modify orders', 'funds_withdraw'],
    };
    expect(codes(guard.check(withdraw('10', { apiKey: trader })))).toEqual([
      'EGuard:Withdrawal through trading key',
    ]);
    const named = { name: 'bot-main', permissions: ['funds_withdraw'] };
    expect(codes(guard.check(withdraw('10', { apiKey: named })))).toEqual([
      'EGuard:Withdrawal through trading key',
    ]);
  });

  it('refuses when the API key is not stated, unless config says it need not be', () => {
    const { guard } = testGuard(config);
    const { apiKey: _unused, ...anonymous } = withdraw('10');
    expect(codes(guard.check(anonymous))).toEqual(['EGuard:Withdrawal API key undeclared']);
    const relaxed = testGuard({ withdrawal: { allowedKeys: ['cold-wallet'], requireApiKey: false } }).guard;
    expect(relaxed.check(anonymous).allowed).toBe(true);
  });
});
