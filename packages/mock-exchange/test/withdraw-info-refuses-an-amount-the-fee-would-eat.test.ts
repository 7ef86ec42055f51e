import { describe, expect, it } from 'vitest';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';

const keys = { 'btc-cold': { asset: 'XBT', address: 'bc1qexamplecoldwallet' } };

describe('WithdrawInfo', () => {
  it.each([['0'], ['0.00015'], ['0.0001'], ['0.0005']])(
    'amount %s (at most the 0.00015 fee, or nets below the 0.0005 minimum) is refused as Withdraw refuses it',
    (amount) => {
      const w = world({ withdrawalKeys: keys });
      const request = { asset: 'XBT', key: 'btc-cold', amount };
      expect(call(w.exchange, w.key, 'Withdraw', request).error).toEqual(['EFunding:Invalid amount']);
      expect(call(w.exchange, w.key, 'WithdrawInfo', request).error).toEqual(['EFunding:Invalid amount']);
    },
  );

  it('a withdrawable amount is quoted with a positive net amount', () => {
    const w = world({ withdrawalKeys: keys });
    const info = ok<Record<string, string>>(w.exchange, w.key, 'WithdrawInfo', {
      asset: 'XBT',
      key: 'btc-cold',
      amount: '0.00065',
    });
    expect(info).toMatchObject({ amount: '0.0005000000', fee: '0.0001500000' });
  });
});
