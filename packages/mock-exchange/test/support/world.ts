import { randomBytes } from 'node:crypto';
import type { AccountConfig } from '../../src/config/accounts.js';
import { ManualClock } from '../../src/core/clock.js';
import { MockExchange } from '../../src/exchange.js';
import type { MockExchangeOptions } from '../../src/setup.js';
import type { TestKey } from './signer.js';

/** A fresh secret per test key (base64 of 64 random bytes, like Kraken's). */
export function newKey(label: string): TestKey {
  return {
    apiKey: `test-${label}-${randomBytes(4).toString('hex')}`,
    apiSecret: randomBytes(64).toString('base64'),
  };
}

export interface World {
  exchange: MockExchange;
  clock: ManualClock;
  key: TestKey;
  accountId: string;
}

/**
 * One exchange on a manual clock with one account (intermediate tier by default, rich balances) whose key has
 * every permission unless the overrides say otherwise. Prices only move when the test moves the clock.
 */
export function world(
  account: Partial<AccountConfig> = {},
  options: Omit<MockExchangeOptions, 'clock' | 'accounts'> = {},
): World {
  const clock = new ManualClock();
  const key = newKey(account.id ?? 'main');
  const config: AccountConfig = {
    id: 'main',
    tier: 'intermediate',
    balances: { ZUSD: '100000', XXBT: '10', XETH: '100', ZEUR: '100000', ZGBP: '100000' },
    ...account,
    apiKey: account.apiKey ?? key.apiKey,
    apiSecret: account.apiSecret ?? key.apiSecret,
  };
  const exchange = new MockExchange({ seed: 'test', ...options, clock, accounts: [config] });
  return {
    exchange,
    clock,
    key: { apiKey: config.apiKey!, apiSecret: config.apiSecret! },
    accountId: config.id ?? 'main',
  };
}
