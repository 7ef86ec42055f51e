import { accountIdOf } from '@krakenkit/core/store';
import type { GuardConfig, OrderIntent } from '@krakenkit/guard';
import { createSharedGuard, type SharedGuard, type SharedGuardOptions } from '@krakenkit/guard/shared';
import { ASSET_PAIRS } from './asset-pairs.js';
import { ManualClock } from './guard-factory.js';
import { SwitchableStore } from './switchable-store.js';

/** The 20,000 USD allowance of the finding "two processes borrowed 22,753 USD against 20,000". */
export const RULES: GuardConfig = {
  tier: 'intermediate',
  assetPairs: ASSET_PAIRS,
  allowances: { USD: { allowance: '20000', fiat: true, aliases: ['ZUSD'] } },
  withdrawal: { allowedKeys: ['cold-wallet'] },
};

/** What OpenOrders and OpenPositions answer for an account with neither. */
export const EMPTY_ACCOUNT = { openOrders: { open: {} }, openPositions: {} };

/** A margin long on XBT/USD at 1,000 USD per 0.02 BTC unit: `units` × 1,000 USD borrowed from the USD pool. */
export function longOf(units: number, extra: Partial<OrderIntent> = {}): OrderIntent {
  return {
    pair: 'XBTUSD',
    side: 'buy',
    orderType: 'limit',
    volume: (units * 0.02).toFixed(2),
    price: '50000',
    leverage: '5',
    ...extra,
  };
}

/** One account's journal in a store several "processes" (shared guards) open, on one clock. */
export class SharedWorld {
  readonly clock = new ManualClock();
  readonly store = new SwitchableStore(this.clock.read);
  readonly account = accountIdOf('shared-world-key');

  /** A process: a shared guard on this world's store and account. */
  open(
    instance: string,
    options: Partial<SharedGuardOptions> = {},
    rules: GuardConfig = RULES,
  ): Promise<SharedGuard> {
    return createSharedGuard(rules, {
      store: this.store,
      account: this.account,
      instance,
      clock: this.clock.read,
      ...options,
    });
  }

  /** Two processes, the journal seeded with an empty account by the first. */
  async pair(options: Partial<SharedGuardOptions> = {}): Promise<[SharedGuard, SharedGuard]> {
    const a = await this.open('a', options);
    await a.seed(EMPTY_ACCOUNT);
    const b = await this.open('b', options);
    return [a, b];
  }
}

/** USD borrowed (positions and orders) as a guard sees it. */
export function usdUsed(guard: { snapshot(): { pools: { currency: string; total: string }[] } }): number {
  return Number(guard.snapshot().pools.find((pool) => pool.currency === 'USD')?.total ?? '0');
}
