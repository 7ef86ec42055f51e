import { describe, expect, it } from 'vitest';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';

const keys = {
  'btc-cold': { asset: 'XBT', address: 'bc1qexamplecoldwallet' },
  'usd-bank': { asset: 'ZUSD', address: 'BANK-1' },
};

describe('funding', () => {
  it('WithdrawInfo tells method, limit, net amount and fee for a named key', () => {
    const w = world({ withdrawalKeys: keys });
    const info = ok<Record<string, string>>(w.exchange, w.key, 'WithdrawInfo', {
      asset: 'XBT',
      key: 'btc-cold',
      amount: '1',
    });
    expect(info).toEqual({
      method: 'Bitcoin',
      limit: '7.6923076923',
      amount: '0.9998500000',
      fee: '0.0001500000',
    }); // 500k USD / 65,000
  });

  it("withdraws only to the account's named keys, for their asset: EFunding:Unknown withdraw key otherwise", () => {
    const w = world({ withdrawalKeys: keys });
    expect(
      call(w.exchange, w.key, 'Withdraw', { asset: 'XBT', key: 'someone-else', amount: '0.1' }).error,
    ).toEqual(['EFunding:Unknown withdraw key']);
    expect(
      call(w.exchange, w.key, 'Withdraw', { asset: 'XBT', key: 'usd-bank', amount: '0.1' }).error,
    ).toEqual(['EFunding:Unknown withdraw key']);
    expect(
      call(w.exchange, w.key, 'Withdraw', {
        asset: 'XBT',
        key: 'btc-cold',
        amount: '0.1',
        address: 'bc1qattacker',
      }).error,
    ).toEqual(['EFunding:Invalid withdrawal address']);
    const { refid } = ok<{ refid: string }>(w.exchange, w.key, 'Withdraw', {
      asset: 'XBT',
      key: 'btc-cold',
      amount: '0.1',
    });
    expect(refid).toMatch(/^F/);
    expect(w.exchange.account('main').balance('XXBT').toString()).toBe('9.9');
  });

  it("the tier's rolling 24-hour USD limit applies across assets (starter: 5,000)", () => {
    // an hour per price step: the test jumps a day ahead
    const w = world({ tier: 'starter', withdrawalKeys: keys }, { settings: { stepMs: 3_600_000 } });
    ok(w.exchange, w.key, 'Withdraw', { asset: 'USD', key: 'usd-bank', amount: '3000' });
    expect(
      call(w.exchange, w.key, 'Withdraw', { asset: 'XBT', key: 'btc-cold', amount: '0.04' }).error,
    ).toEqual(['EFunding:Limit exceeded']); // ≈ 2,600 USD
    ok(w.exchange, w.key, 'Withdraw', { asset: 'XBT', key: 'btc-cold', amount: '0.03' }); // ≈ 1,950
    w.clock.advance(23 * 3600 * 1000);
    expect(
      call(w.exchange, w.key, 'Withdraw', { asset: 'USD', key: 'usd-bank', amount: '3000' }).error,
    ).toEqual(['EFunding:Limit exceeded']);
    w.clock.advance(3600 * 1000 + 1);
    ok(w.exchange, w.key, 'Withdraw', { asset: 'USD', key: 'usd-bank', amount: '3000' });
  });

  it('the limit string is configurable; funds and max_fee are checked', () => {
    const w = world(
      { tier: 'starter', withdrawalKeys: keys, balances: { XXBT: '0.01', ZUSD: '100000' } },
      { errorStrings: { withdrawalLimit: 'EFunding:Too much' } },
    );
    expect(
      call(w.exchange, w.key, 'Withdraw', { asset: 'USD', key: 'usd-bank', amount: '6000' }).error,
    ).toEqual(['EFunding:Too much']);
    expect(
      call(w.exchange, w.key, 'Withdraw', { asset: 'XBT', key: 'btc-cold', amount: '0.02' }).error,
    ).toEqual(['EFunding:Insufficient funds']);
    expect(
      call(w.exchange, w.key, 'Withdraw', {
        asset: 'XBT',
        key: 'btc-cold',
        amount: '0.005',
        max_fee: '0.0001',
      }).error,
    ).toEqual(['EFunding:Max fee exceeded']);
    expect(
      call(w.exchange, w.key, 'Withdraw', { asset: 'XBT', key: 'btc-cold', amount: '0.0001' }).error,
    ).toEqual(['EFunding:Invalid amount']);
  });

  it('WithdrawStatus follows the withdrawal from Initial to Success on the exchange clock', () => {
    const w = world({ withdrawalKeys: keys });
    const { refid } = ok<{ refid: string }>(w.exchange, w.key, 'Withdraw', {
      asset: 'XBT',
      key: 'btc-cold',
      amount: '0.1',
    });
    const status = () =>
      ok<Array<Record<string, unknown>>>(w.exchange, w.key, 'WithdrawStatus', { asset: 'XBT' });
    expect(status()[0]).toMatchObject({
      refid,
      status: 'Initial',
      method: 'Bitcoin',
      amount: '0.0998500000',
      fee: '0.0001500000',
      key: 'btc-cold',
    });
    w.clock.advance(60_000);
    expect(status()[0]).toMatchObject({ status: 'Success' });
  });

  it('the ledger records the withdrawal (amount net, fee apart)', () => {
    const w = world({ withdrawalKeys: keys });
    ok(w.exchange, w.key, 'Withdraw', { asset: 'XBT', key: 'btc-cold', amount: '0.1' });
    const ledger = ok<{ ledger: Record<string, Record<string, string>> }>(w.exchange, w.key, 'Ledgers', {
      asset: 'XBT',
    });
    expect(Object.values(ledger.ledger)).toEqual([
      expect.objectContaining({
        type: 'withdrawal',
        asset: 'XXBT',
        amount: '-0.0998500000',
        fee: '0.0001500000',
        balance: '9.9000000000',
      }),
    ]);
  });

  it('DepositMethods and WithdrawAddresses', () => {
    const w = world({ withdrawalKeys: keys });
    expect(ok<unknown[]>(w.exchange, w.key, 'DepositMethods', { asset: 'XBT' })[0]).toMatchObject({
      method: 'Bitcoin',
      'gen-address': true,
    });
    expect(ok<unknown[]>(w.exchange, w.key, 'WithdrawAddresses', { asset: 'XBT' })).toEqual([
      { address: 'bc1qexamplecoldwallet', asset: 'XXBT', method: 'Bitcoin', key: 'btc-cold', verified: true },
    ]);
  });
});

describe('deposits (scenario helper)', () => {
  it('exchange.deposit credits the balance through the ledger', () => {
    const w = world();
    w.exchange.deposit('main', 'SOL', '12.5');
    expect(w.exchange.account('main').balance('SOL').toString()).toBe('12.5');
    const ledger = ok<{ ledger: Record<string, Record<string, string>> }>(w.exchange, w.key, 'Ledgers', {
      type: 'deposit',
    });
    expect(Object.values(ledger.ledger)).toEqual([
      expect.objectContaining({ type: 'deposit', asset: 'SOL', amount: '12.5000000000' }),
    ]);
  });
});
