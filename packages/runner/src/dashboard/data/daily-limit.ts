import { Decimal } from '@krakenkit/core';

/** A limit over a rolling 24 h in USD: the limit, what was used, what is left (decimal text; null: not known). */
export interface DailyLimit {
  limitUsd: string;
  used24hUsd: string | null;
  headroomUsd: string | null;
  /** Where the usage comes from, or why it is unknown. */
  note: string;
}

/** A daily limit from its limit and usage (cents); the headroom is what the shown figures leave, never below 0. */
export function dailyLimit(limitUsd: string, used: Decimal | undefined, note: string): DailyLimit {
  if (used === undefined) return { limitUsd, used24hUsd: null, headroomUsd: null, note };
  const usedCents = used.toDecimalPlaces(2);
  const left = new Decimal(limitUsd).minus(usedCents);
  return {
    limitUsd,
    used24hUsd: usedCents.toFixed(),
    headroomUsd: left.isNegative() ? '0' : left.toFixed(),
    note,
  };
}
