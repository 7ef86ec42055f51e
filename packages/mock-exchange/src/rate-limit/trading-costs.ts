/**
 * Matching-engine counter costs (docs/kraken/rate-limits.md, docs "Spot Trading Limits"): a fixed part plus a part that
 * depends on the order's age (time since it was created or last amended).
 *
 * | Transaction | Fixed | <5s | <10s | <15s | <45s | <90s | <300s |
 * | Add Order   | +1    |     |      |      |      |      |       |
 * | Amend Order | +1    | +3  | +2   | +1   |      |      |       |
 * | Edit Order  | +1    | +6  | +5   | +4   | +2   | +1   |       |
 * | Cancel      |       | +8  | +6   | +5   | +4   | +2   | +1    |
 * | Batch Add   | +n/2  |     |      |      |      |      |       |
 */
const AGE_BOUNDS_S = [5, 10, 15, 45, 90, 300] as const;
const AMEND = [3, 2, 1, 0, 0, 0] as const;
const EDIT = [6, 5, 4, 2, 1, 0] as const;
const CANCEL = [8, 6, 5, 4, 2, 1] as const;

function agePart(table: readonly number[], ageMs: number): number {
  const ageS = ageMs / 1000;
  for (let i = 0; i < AGE_BOUNDS_S.length; i += 1) {
    if (ageS < AGE_BOUNDS_S[i]!) return table[i]!;
  }
  return 0;
}

export const tradingCost = {
  add: (): number => 1,
  batchAdd: (n: number): number => n / 2,
  amend: (ageMs: number): number => 1 + agePart(AMEND, ageMs),
  edit: (ageMs: number): number => 1 + agePart(EDIT, ageMs),
  cancel: (ageMs: number): number => agePart(CANCEL, ageMs),
} as const;
