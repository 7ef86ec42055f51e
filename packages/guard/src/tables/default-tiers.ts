import { KRAKEN_TIER_LIMITS } from '@krakenkit/client';
import type { TierTableInput } from './tier-table.js';

/**
 * The tier table shipped as the default: the same data as config/tiers.yaml (a test keeps the two identical).
 * Rate limits are the client's table (KRAKEN_TIER_LIMITS, one copy of Kraken's docs); the rest comes from
 * seeds/kraken-account-and-tiers.txt (withdrawal limits, margin). `maxLeverage` for Pro is UNCONFIRMED (the seed
 * names 5x for Intermediate only): override it with `tierLimits.pro.maxLeverage` in the guard YAML.
 */
export const DEFAULT_TIER_TABLE: TierTableInput = {
  starter: {
    margin: false,
    maxLeverage: 1,
    withdrawalDailyUsd: '5000',
    fiatDepositDailyUsd: '0',
    rest: { ...KRAKEN_TIER_LIMITS.starter.rest },
    trading: { ...KRAKEN_TIER_LIMITS.starter.trading },
  },
  intermediate: {
    margin: true,
    maxLeverage: 5,
    withdrawalDailyUsd: '500000',
    fiatDepositDailyUsd: '100000',
    rest: { ...KRAKEN_TIER_LIMITS.intermediate.rest },
    trading: { ...KRAKEN_TIER_LIMITS.intermediate.trading },
  },
  pro: {
    margin: true,
    maxLeverage: 5,
    withdrawalDailyUsd: '10000000',
    fiatDepositDailyUsd: '10000000',
    rest: { ...KRAKEN_TIER_LIMITS.pro.rest },
    trading: { ...KRAKEN_TIER_LIMITS.pro.trading },
  },
};
