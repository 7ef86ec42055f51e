import type { CostStep } from './decaying-counter.js';

/**
 * What each trading transaction adds to a pair's matching-engine counter: Kraken docs "Spot Trading Limits",
 * the cost table in docs/kraken/rate-limits.md. Amend, edit and cancel add a part that depends on the order's age
 * (time since it was created or last amended); the columns are "< 5 s", "< 10 s", ... "< 300 s", older is 0.
 */
export type AgedAction = 'amend' | 'edit' | 'cancel';

/** Upper bounds (exclusive) of the age columns, in ms. */
export const AGE_COLUMNS_MS: readonly number[] = [5_000, 10_000, 15_000, 45_000, 90_000, 300_000];

const AGED_COSTS: Readonly<Record<AgedAction, { fixed: number; byAge: readonly number[] }>> = {
  amend: { fixed: 1, byAge: [3, 2, 1, 0, 0, 0] },
  edit: { fixed: 1, byAge: [6, 5, 4, 2, 1, 0] },
  cancel: { fixed: 0, byAge: [8, 6, 5, 4, 2, 1] },
};

/** Add Order: fixed +1. */
export const ADD_COST = 1;

/** Batch Add: +n/2 for n orders. */
export function batchAddCost(count: number): number {
  return count / 2;
}

/** Cost of amending, editing or cancelling an order `ageMs` old (a negative age, from clock skew, counts as 0). */
export function agedCost(action: AgedAction, ageMs: number): number {
  const { fixed, byAge } = AGED_COSTS[action];
  const column = AGE_COLUMNS_MS.findIndex((bound) => Math.max(0, ageMs) < bound);
  return fixed + (column === -1 ? 0 : byAge[column]!);
}

/** The highest cost of `action`: an order younger than 5 s, or one the limiter has never seen. */
export function worstCaseCost(action: AgedAction): number {
  return agedCost(action, 0);
}

/**
 * The cost of `action` on an order `ageMs` old now, and each later drop as the order ages past a column bound
 * (`fromMs` counted from now). Lets a waiting amend find the first moment its falling cost fits.
 */
export function agedCostSteps(action: AgedAction, ageMs: number): CostStep[] {
  const age = Math.max(0, ageMs);
  const steps: CostStep[] = [{ fromMs: 0, cost: agedCost(action, age) }];
  for (const bound of AGE_COLUMNS_MS) {
    if (bound <= age) continue;
    const cost = agedCost(action, bound);
    if (cost !== steps[steps.length - 1]!.cost) steps.push({ fromMs: bound - age, cost });
  }
  return steps;
}
