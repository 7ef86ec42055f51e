import type { WithdrawStatusResult } from '@krakenkit/client';

/** One withdrawal of the last 24 h as WithdrawStatus gave it (decimal text; `time` in epoch ms). */
export interface RecentWithdrawal {
  refid: string;
  asset: string;
  /** What reached the destination. */
  amount: string;
  fee: string;
  time: number;
  status: string;
  statusProp: string | null;
  /** Whether it uses the 24 h limit: every withdrawal but a failed or cancelled one. */
  counts: boolean;
}

/** The exchange's withdrawals of the rolling 24 h, or why they are unknown. */
export interface WithdrawalsRead {
  at: number | undefined;
  /** The key WithdrawStatus was read with (by name); null when no key may read it. */
  key: string | null;
  /** Newest first; undefined when not known. */
  withdrawals: RecentWithdrawal[] | undefined;
  /** Why they are unknown. */
  note?: string;
}

/** The most withdrawals of one day the page lists and sums: past it the figure is refused, not cut. */
export const MAX_WITHDRAWALS_PER_DAY = 1_000;
const DAY_MS = 86_400_000;

/**
 * The withdrawals of a WithdrawStatus answer made in the 24 h before `at` (Kraken's rolling window), newest first.
 * A failed one, or one whose status-prop says it was cancelled, is listed but does not count.
 */
export function withdrawalsWithin(
  result: WithdrawStatusResult,
  at: number,
): Pick<WithdrawalsRead, 'withdrawals' | 'note'> {
  const recent = result.filter((entry) => entry.time * 1000 > at - DAY_MS);
  if (recent.length > MAX_WITHDRAWALS_PER_DAY)
    return {
      withdrawals: undefined,
      note: `WithdrawStatus listed ${recent.length} withdrawals in 24 h, more than the ${MAX_WITHDRAWALS_PER_DAY} the page sums`,
    };
  const withdrawals = recent
    .map((entry) => ({
      refid: entry.refid,
      asset: entry.asset,
      amount: entry.amount,
      fee: entry.fee,
      time: entry.time * 1000,
      status: entry.status,
      statusProp: entry['status-prop'] ?? null,
      counts: entry.status !== 'Failure' && entry['status-prop'] !== 'canceled',
    }))
    .sort((a, b) => b.time - a.time);
  return { withdrawals };
}
