import type { PoolSnapshot, PositionView } from '@krakenkit/guard';
import type { GuardSharingView, GuardSync } from './guard-sync.js';
import type { DashboardSource } from './source.js';
import { tierRowOf } from './tier-row.js';

/** The margin page: each currency's pool against its allowance, the open positions, and the rule in words. */
export interface MarginView {
  eligible: boolean;
  maxLeverage: number;
  /** Pools in use, and the allowances the config sets even while unused (decimal text). */
  pools: PoolSnapshot[];
  positions: PositionView[];
  rules: string[];
  /** Shared through a state store (pools include other processes' positions and orders), or null. */
  sharing: GuardSharingView | null;
}

/** How Kraken picks the pool a margin order borrows from (docs/kraken/margin-rules.md), shown beside the bars. */
export const POOL_RULES: readonly string[] = [
  'An allowance is the most of one currency the account may borrow from Kraken’s margin pool: a total per currency, shared by every open position and open margin order, not a limit per position.',
  'A long borrows the quote currency (volume × price): an XBT/USD long uses the USD pool, an ETH/XBT long the XBT pool.',
  'A short borrows the base currency (its volume): an XBT/USD short uses the XBT pool.',
  'Each pool is counted in its own currency, never converted. Fiat allowances (AUD, CAD, CHF, EUR, GBP, JPY, USD) limit longs only.',
  'Open margin orders reserve their borrowing until they fill or end; closing a position repays its pool. Past the allowance Kraken answers EOrder:Margin allowance exceeded, and the guard refuses the order before it is sent.',
];

/** Builds the margin page's data from the guard (read again from a shared store first; no exchange call). */
export async function marginView(source: DashboardSource, sync: GuardSync): Promise<MarginView> {
  const sharing = await sync.fresh();
  const { guard } = source.connection;
  const row = tierRowOf(source.config);
  return {
    eligible: row.margin,
    maxLeverage: row.maxLeverage,
    pools: withConfiguredPools(guard.snapshot().pools, source.config.guardRules.allowances ?? {}),
    positions: guard.positions(),
    rules: [...POOL_RULES],
    sharing,
  };
}

// A pool the config caps is worth watching before the first position borrows from it.
function withConfiguredPools(
  pools: readonly PoolSnapshot[],
  allowances: Readonly<Record<string, { allowance: string }>>,
): PoolSnapshot[] {
  const shown = new Set(pools.map((pool) => pool.currency));
  const idle = Object.entries(allowances)
    .filter(([currency]) => !shown.has(currency))
    .map(([currency, { allowance }]) => ({
      currency,
      allowance,
      positions: '0',
      orders: '0',
      total: '0',
      headroom: allowance,
    }));
  return [...pools, ...idle];
}
