import type { TierName, TierTableInput } from '@krakenkit/core';
import { type Dec, toDecimal } from '../decimal.js';

/** What a tier allows, compiled. */
export interface TierLimits {
  name: TierName;
  margin: boolean;
  maxLeverage: number;
  withdrawalDailyUsd: Dec;
  /** Kraken's matching-engine counter per pair: threshold, decay per second, max open orders per pair. */
  trading: { threshold: number; decayPerSecond: number; maxOpenOrdersPerPair: number };
}

export function compileTier(table: TierTableInput, tier: TierName): TierLimits {
  const row = table[tier];
  return {
    name: tier,
    margin: row.margin,
    maxLeverage: row.maxLeverage,
    withdrawalDailyUsd: toDecimal(`tiers.${tier}.withdrawalDailyUsd`, row.withdrawalDailyUsd),
    trading: { ...row.trading },
  };
}
