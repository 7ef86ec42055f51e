import { loadTierTable, type TierInput } from '@krakenkit/core';
import type { BotConfig } from '../../config/load.js';

/**
 * The account's tier as the guard applies it: the config's tier table (or the shipped one) with the config's
 * `tierLimits` patch for that tier on top.
 */
export function tierRowOf(config: BotConfig): TierInput {
  const { tier } = config.guardRules;
  const table = config.guardRules.tierTable ?? loadTierTable();
  const row = table[tier];
  const patch = config.guardRules.tierLimits?.[tier] ?? {};
  return {
    ...row,
    ...(patch.margin === undefined ? {} : { margin: patch.margin }),
    ...(patch.maxLeverage === undefined ? {} : { maxLeverage: patch.maxLeverage }),
    ...(patch.withdrawalDailyUsd === undefined ? {} : { withdrawalDailyUsd: patch.withdrawalDailyUsd }),
    trading: {
      threshold: patch.trading?.threshold ?? row.trading.threshold,
      decayPerSecond: patch.trading?.decayPerSecond ?? row.trading.decayPerSecond,
      maxOpenOrdersPerPair: patch.trading?.maxOpenOrdersPerPair ?? row.trading.maxOpenOrdersPerPair,
    },
  };
}
