/** Kraken's verification tiers, lower-case as config and the mock exchange spell them. */
export const TIER_NAMES = ['starter', 'intermediate', 'pro'] as const;
/** A Kraken verification tier: sets margin eligibility, rate limits and withdrawal limits. */
export type TierName = (typeof TIER_NAMES)[number];

/** Whether `value` names a tier. */
export function isTierName(value: unknown): value is TierName {
  return value === 'starter' || value === 'intermediate' || value === 'pro';
}
