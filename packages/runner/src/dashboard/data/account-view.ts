import { Decimal } from '@krakenkit/core';
import type { TradingState } from '@krakenkit/guard';
import type { AccountReader, BalancesRead, FiatDepositsRead } from './account-reader.js';
import type { DashboardSource } from './source.js';
import { tierRowOf } from './tier-row.js';

/** A limit over a rolling 24 h in USD: the limit, what was used, what is left (decimal text; null: not known). */
export interface DailyLimit {
  limitUsd: string;
  used24hUsd: string | null;
  headroomUsd: string | null;
  /** Where the usage comes from, or why it is unknown. */
  note: string;
}

/** The account page: the tier and what it allows, 24 h usage against it, and balances. */
export interface AccountView {
  config: string;
  exchange: 'mock' | 'kraken';
  mode: 'session' | 'account';
  tier: string;
  tradingState: { state: TradingState; reason: string };
  limits: {
    withdrawals: DailyLimit;
    fiatDeposits: DailyLimit & { byAsset: FiatDepositsRead['byAsset'] };
    margin: { eligible: boolean; maxLeverage: number };
    rest: { max: number; decayPerSecond: number } | null;
    trading: { threshold: number; decayPerSecond: number; maxOpenOrdersPerPair: number };
  };
  balances: BalancesRead;
}

/** Builds the account page's data (reads Balance and Ledgers through the reader's cache). */
export async function accountView(source: DashboardSource, reader: AccountReader): Promise<AccountView> {
  const { config, connection } = source;
  const snapshot = connection.guard.snapshot();
  const row = tierRowOf(config);
  const { balances, fiatDeposits } = await reader.read();
  const fiatLimit = row.fiatDepositDailyUsd ?? '0';
  return {
    config: config.name,
    exchange: connection.kind,
    mode: source.session === undefined ? 'account' : 'session',
    tier: snapshot.tier,
    tradingState: { state: snapshot.tradingState, reason: snapshot.tradingStateReason },
    limits: {
      withdrawals: {
        limitUsd: snapshot.withdrawalDailyUsd,
        used24hUsd: snapshot.withdrawals24hUsd,
        headroomUsd: headroom(snapshot.withdrawalDailyUsd, snapshot.withdrawals24hUsd),
        note: 'withdrawals the guard has seen in the last 24 h; the limit is the lower of the tier and guard.rules.withdrawal.dailyUsd',
      },
      fiatDeposits: {
        limitUsd: fiatLimit,
        used24hUsd: fiatDeposits.usd ?? null,
        headroomUsd: fiatDeposits.usd === undefined ? null : headroom(fiatLimit, fiatDeposits.usd),
        byAsset: fiatDeposits.byAsset,
        note: fiatDeposits.note ?? 'fiat deposits in the ledger over the last 24 h',
      },
      margin: { eligible: row.margin, maxLeverage: row.maxLeverage },
      rest: row.rest ?? null,
      trading: row.trading,
    },
    balances,
  };
}

function headroom(limit: string, used: string): string {
  const left = new Decimal(limit).minus(used);
  return left.isNegative() ? '0' : left.toFixed();
}
