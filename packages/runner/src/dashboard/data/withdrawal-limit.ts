import { Decimal } from '@krakenkit/core';
import type { GuardSnapshot } from '@krakenkit/guard';
import { type DailyLimit, dailyLimit } from './daily-limit.js';
import { type Prices, sumOf, TIER_CURRENCY, valueInTier } from './valuation.js';
import type { RecentWithdrawal, WithdrawalsRead } from './withdrawals-read.js';

/** A withdrawal of the exchange's list, valued in the tier's currency (null: it cannot be). */
export interface ValuedWithdrawal extends RecentWithdrawal {
  /** Amount plus fee in USD, to the cent. */
  valueUsd: string | null;
}

/**
 * The 24 h withdrawal limit seen twice: by the guard (the withdrawals it judged, against the lower of the tier's
 * limit and its own rule) and by the exchange (WithdrawStatus, against the tier's limit). The top-level figures are
 * the binding one's: the one with less headroom.
 */
export interface WithdrawalLimit extends DailyLimit {
  /** The figure with less headroom (the guard's on a tie, or when the exchange's is unknown: it refuses first). */
  binding: 'guard' | 'exchange';
  guard: DailyLimit;
  exchange: DailyLimit & {
    /** The key WithdrawStatus was read with; null when no key may. */
    key: string | null;
    at: number | null;
    recent: ValuedWithdrawal[];
  };
}

/** Builds the withdrawal limit from the guard's snapshot, the tier's limit and the exchange's withdrawals. */
export function withdrawalLimit(
  snapshot: Pick<GuardSnapshot, 'withdrawalDailyUsd' | 'withdrawals24hUsd'>,
  tierLimitUsd: string,
  read: WithdrawalsRead,
  prices: Prices,
): WithdrawalLimit {
  const guard = dailyLimit(
    snapshot.withdrawalDailyUsd,
    new Decimal(snapshot.withdrawals24hUsd),
    'withdrawals the guard judged in the last 24 h (every process’s when the guard is shared through a store); its limit is the lower of the tier’s and guard.rules.withdrawal.dailyUsd',
  );
  const exchange = exchangeSide(tierLimitUsd, read, prices);
  const exchangeBinds =
    exchange.headroomUsd !== null &&
    guard.headroomUsd !== null &&
    new Decimal(exchange.headroomUsd).lt(guard.headroomUsd);
  const binding = exchangeBinds ? 'exchange' : 'guard';
  const shown = exchangeBinds ? exchange : guard;
  const why =
    exchange.headroomUsd === null
      ? 'The guard’s figure: the exchange’s is unknown.'
      : exchangeBinds
        ? 'The exchange’s figure binds: it counts withdrawals the guard did not judge (the website, another key or process).'
        : 'The guard’s figure binds: its headroom is the lower (or equal), and it refuses before the exchange would.';
  return {
    limitUsd: shown.limitUsd,
    used24hUsd: shown.used24hUsd,
    headroomUsd: shown.headroomUsd,
    note: why,
    binding,
    guard,
    exchange,
  };
}

function exchangeSide(
  tierLimitUsd: string,
  read: WithdrawalsRead,
  prices: Prices,
): WithdrawalLimit['exchange'] {
  const side = { key: read.key, at: read.at ?? null };
  if (read.withdrawals === undefined)
    return {
      ...dailyLimit(tierLimitUsd, undefined, read.note ?? 'WithdrawStatus not read yet'),
      ...side,
      recent: [],
    };
  const recent = read.withdrawals.map((withdrawal) => {
    const valued = valueInTier(prices, withdrawal.asset, gross(withdrawal));
    return { ...withdrawal, valueUsd: valued.value?.toDecimalPlaces(2).toFixed() ?? null };
  });
  const counted = read.withdrawals
    .filter((withdrawal) => withdrawal.counts)
    .map((withdrawal) => ({ asset: withdrawal.asset, amount: gross(withdrawal) }));
  const sum = sumOf(prices, counted);
  const source = `WithdrawStatus (key ${read.key}): ${counted.length} withdrawal(s) in the last 24 h, amount plus fee in ${TIER_CURRENCY} at the ticker’s mid; failed and cancelled ones do not count; the limit is the tier’s`;
  const note =
    sum.total === undefined
      ? `${source}. Not summed: ${sum.unvalued.map(({ asset, reason }) => `${asset} cannot be valued (${reason})`).join('; ')}`
      : source;
  return { ...dailyLimit(tierLimitUsd, sum.total, note), ...side, recent };
}

// What left the account: the amount that arrived plus the fee (the mock counts the two together against the limit).
function gross(withdrawal: RecentWithdrawal): Decimal {
  return new Decimal(withdrawal.amount).plus(withdrawal.fee);
}
