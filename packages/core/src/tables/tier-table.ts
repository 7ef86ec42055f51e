import type { TierName } from './tier-names.js';

/**
 * One tier as written in data/tiers.yaml. Every field is configuration, not a constant: Kraken leaves several of
 * these UNCONFIRMED (docs/kraken/tiers-and-fees.md), and a user's own tiers.yaml replaces the shipped one.
 */
export interface TierInput {
  /** Margin eligibility. Starter: disabled per the seed; "not eligible today" is UNCONFIRMED in docs/kraken/margin.md. */
  margin: boolean;
  /** UNCONFIRMED for Pro (the seed names 5x for Intermediate only). A pair's leverage_buy/sell also caps it. */
  maxLeverage: number;
  /** Rolling 24-hour USD withdrawal limit (decimal text). */
  withdrawalDailyUsd: string;
  /** Rolling 24-hour USD fiat deposit limit (decimal text); `"0"`: fiat deposits unavailable. */
  fiatDepositDailyUsd?: string | undefined;
  /** The REST call counter of one API key (docs/kraken/rate-limits.md). */
  rest?: { max: number; decayPerSecond: number } | undefined;
  /** The matching-engine counter of one pair: threshold, decay per second, max open orders per pair. */
  trading: { threshold: number; decayPerSecond: number; maxOpenOrdersPerPair: number };
}

/** The whole tier table: one row per tier. */
export type TierTableInput = Readonly<Record<TierName, TierInput>>;
