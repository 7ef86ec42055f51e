import { type Dec, toDecimal } from '../decimal.js';
import type { TierName } from './tier-names.js';

/**
 * One tier as written in config/tiers.yaml. Every field is configuration (`tierLimits:` in the guard YAML), not a
 * constant: Kraken leaves several of these UNCONFIRMED.
 */
export interface TierInput {
  /** Margin eligibility. Starter: disabled per the seed; "not eligible today" is UNCONFIRMED in docs/kraken/margin.md. */
  margin: boolean;
  /** UNCONFIRMED for Pro (the seed names 5x for Intermediate only). A pair's leverage_buy/sell also caps it. */
  maxLeverage: number;
  /** Rolling 24-hour USD withdrawal limit. The seed's figures; docs/kraken/tiers-and-fees.md calls them UNCONFIRMED/possibly dated. */
  withdrawalDailyUsd: string;
  fiatDepositDailyUsd?: string | undefined;
  rest?: { max: number; decayPerSecond: number } | undefined;
  trading: { threshold: number; decayPerSecond: number; maxOpenOrdersPerPair: number };
}

export type TierTableInput = Readonly<Record<TierName, TierInput>>;

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
