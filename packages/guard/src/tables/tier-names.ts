import type { TierName } from '@krakenkit/client';

export { isTierName, type TierName } from '@krakenkit/client';

/** Kraken's verification tiers, lower-case as config and the mock exchange spell them. */
export const TIER_NAMES: readonly [TierName, ...TierName[]] = ['starter', 'intermediate', 'pro'];
