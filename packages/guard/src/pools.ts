import type { AllowanceTable } from '@krakenkit/core';
import { type Dec, ZERO } from './decimal.js';
import type { Side } from './intent.js';
import type { GuardPair } from './pairs/pair-info.js';

/** What a margin position (or the order that would open it) borrows, and from which pool. */
export interface Borrow {
  /** Currency pool charged, or undefined when the allowance does not limit this side (a short of a fiat base). */
  pool: string | undefined;
  /** Amount in the pool's own currency: never converted. */
  amount: Dec;
}

/**
 * The pool rule from Kraken's "Margin allowance limits": a LONG borrows the QUOTE currency (volume × price), a
 * SHORT borrows the BASE currency (volume). BTC/USD long → USD pool; ETH/BTC long → BTC pool; ETH/BTC short → ETH
 * pool. Fiat allowances limit longs only, so a short of a fiat base (EUR/USD short) is charged to no pool.
 */
export function borrowOf(
  pair: GuardPair,
  side: Side,
  volume: Dec,
  price: Dec,
  table: AllowanceTable,
): Borrow {
  if (side === 'buy') return { pool: pair.quote, amount: volume.times(price) };
  if (table.rowOf(pair.base).fiat) return { pool: undefined, amount: ZERO };
  return { pool: pair.base, amount: volume };
}
