import type { Dec } from '../decimal.js';
import type { Side } from '../intent.js';

/**
 * What one order or position adds to the aggregates. Every change to an order or position is applied as
 * "remove its old exposure, add its new one", so the aggregates are always the exact sum of their parts.
 */
export interface Exposure {
  pairId: string;
  side: Side;
  /** The pool charged (long: quote, short: base), or undefined when nothing is borrowed or the pool is unlimited. */
  pool: string | undefined;
  /** Amount counted against the pool, in the pool's own currency. */
  borrow: Dec;
  /** Base volume counted against the pair-side's position size limit. */
  sizeVolume: Dec;
  /** Base volume of a reducing order still to fill: the part of the opposite position it already closes. */
  closingVolume: Dec;
  /** Quote-currency notional counted against the pair's notional cap. */
  notional: Dec;
}

/** Allowance usage of one currency pool, split by source for reports. */
export interface PoolUsage {
  /** Borrowed by open positions. */
  positions: Dec;
  /** Held by open orders and in-flight reservations. */
  orders: Dec;
  /** positions + orders: the number compared with the allowance. */
  total: Dec;
}

/** Per-pair aggregates: what the rules read instead of scanning positions. */
export interface PairExposure {
  /** Open margin position volume per side (base currency). */
  positionVolume: Record<Side, Dec>;
  /** Open + in-flight position-opening margin order volume per side (base currency). */
  openingVolume: Record<Side, Dec>;
  /**
   * Open + in-flight reducing order volume per order side (base currency): how much of the opposite position
   * orders already close. A further plain margin order can only reduce what is left of it.
   */
  closingVolume: Record<Side, Dec>;
  /** Open + in-flight orders on the pair (every kind). */
  openOrders: number;
  /** Quote notional of open orders and margin positions on the pair. */
  notional: Dec;
}
