import type { TradingAction } from '../endpoints/define.js';
import type { CostStep } from './decaying-counter.js';

/** What one trading call would add to one pair's counter, as a cost that may fall while the call waits. */
export interface PairCharge {
  pair: string;
  steps: CostStep[];
}

/** A trading call resolved against the order registry at one moment. Never changed once made (plans are shared). */
export interface TradingPlan {
  readonly action: TradingAction;
  /** Whether the call waits for room under the threshold (see `waitsForRoom`); a call that does not is charged anyway. */
  readonly waits: boolean;
  readonly charges: readonly PairCharge[];
  /** The pair of each charge, in order. */
  readonly pairs: readonly string[];
  /** What each charge costs now (its first step), in order. */
  readonly costs: readonly number[];
  /**
   * The line the call waits in: its pair's (`pair:<key>`), or `pair:*` when it charges several pairs or none;
   * undefined when it never waits.
   */
  readonly lane: string | undefined;
  /** New orders the call opens on `charges[0].pair` (adds), for the open-orders limit. */
  readonly newOrders: number;
  /** The order whose age an amend or edit resets (Kraken counts age from the last amend). */
  readonly resetsAgeOf?: string;
}

/** Builds a plan: its charges, each charge's pair and present cost, and the line the call waits in. */
export function makePlan(
  action: TradingAction,
  waits: boolean,
  charges: PairCharge[],
  newOrders: number,
  resetsAgeOf?: string,
): TradingPlan {
  const pairs = charges.map((charge) => charge.pair);
  const single = charges.length === 1 ? pairs[0] : undefined;
  return {
    action,
    waits,
    charges,
    pairs,
    costs: charges.map((charge) => charge.steps[0]!.cost),
    lane: waits ? `pair:${single ?? '*'}` : undefined,
    newOrders,
    ...(resetsAgeOf === undefined ? {} : { resetsAgeOf }),
  };
}
