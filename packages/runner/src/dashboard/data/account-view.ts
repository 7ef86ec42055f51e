import { Decimal } from '@krakenkit/core';
import type { TradingState } from '@krakenkit/guard';
import type { AccountReader } from './account-reader.js';
import { type DailyLimit, dailyLimit } from './daily-limit.js';
import type { DashboardSource } from './source.js';
import { tierRowOf } from './tier-row.js';
import { type Prices, sumOf, TIER_CURRENCY, valueInTier } from './valuation.js';
import { type WithdrawalLimit, withdrawalLimit } from './withdrawal-limit.js';

export type { DailyLimit } from './daily-limit.js';

/** An amount of an asset with its value in the tier's currency, or why it has none. */
export interface ValuedAmount {
  asset: string;
  amount: string;
  /** USD to the cent; null when the asset cannot be valued (see `note`). */
  valueUsd: string | null;
  /** Why it has no value (no pair to the tier's currency on the exchange, no price in the ticker). */
  note?: string;
}

/** The account page: the tier and what it allows, 24 h usage against it, and balances valued in USD. */
export interface AccountView {
  config: string;
  exchange: 'mock' | 'kraken';
  mode: 'session' | 'account';
  tier: string;
  tradingState: { state: TradingState; reason: string };
  limits: {
    withdrawals: WithdrawalLimit;
    fiatDeposits: DailyLimit & { byAsset: ValuedAmount[] };
    margin: { eligible: boolean; maxLeverage: number };
    rest: { max: number; decayPerSecond: number } | null;
    trading: { threshold: number; decayPerSecond: number; maxOpenOrdersPerPair: number };
  };
  balances: {
    at: number | undefined;
    balances: ValuedAmount[];
    /** The sum of the balances that could be valued (USD, to the cent); those that could not are in `unvalued`. */
    valuedTotalUsd: string;
    unvalued: Array<{ asset: string; reason: string }>;
    error?: string;
  };
  /** The prices that value balances, deposits and withdrawals: the exchange's tickers, read with the balances. */
  valuation: Prices;
}

/** Builds the account page's data (reads Balance, Ledgers, WithdrawStatus and Ticker through the reader's cache). */
export async function accountView(source: DashboardSource, reader: AccountReader): Promise<AccountView> {
  const { config, connection } = source;
  const snapshot = connection.guard.snapshot();
  const row = tierRowOf(config);
  const read = await reader.read();
  const { prices } = read;
  const balances = read.balances.balances.map((entry) => valued(prices, entry));
  const unvalued = balances.flatMap((entry) =>
    entry.valueUsd === null ? [{ asset: entry.asset, reason: entry.note ?? '' }] : [],
  );
  // The sum of the values shown (each to the cent), so the rows add up to the total on the page.
  const valuedTotal = balances.reduce(
    (total, entry) => (entry.valueUsd === null ? total : total.plus(entry.valueUsd)),
    new Decimal(0),
  );
  return {
    config: config.name,
    exchange: connection.kind,
    mode: source.session === undefined ? 'account' : 'session',
    tier: snapshot.tier,
    tradingState: { state: snapshot.tradingState, reason: snapshot.tradingStateReason },
    limits: {
      withdrawals: withdrawalLimit(snapshot, row.withdrawalDailyUsd, read.withdrawals, prices),
      fiatDeposits: fiatDepositLimit(row.fiatDepositDailyUsd ?? '0', read, prices),
      margin: { eligible: row.margin, maxLeverage: row.maxLeverage },
      rest: row.rest ?? null,
      trading: row.trading,
    },
    balances: {
      at: read.balances.at,
      balances,
      valuedTotalUsd: valuedTotal.toFixed(),
      unvalued,
      ...(read.balances.error === undefined ? {} : { error: read.balances.error }),
    },
    valuation: prices,
  };
}

function valued(prices: Prices, entry: { asset: string; amount: string }): ValuedAmount {
  const value = valueInTier(prices, entry.asset, entry.amount);
  return value.value === undefined
    ? { ...entry, valueUsd: null, note: value.reason }
    : { ...entry, valueUsd: value.value.toDecimalPlaces(2).toFixed() };
}

// Deposits in every fiat currency count, each valued in USD at the ticker; one that cannot be valued leaves the
// usage unknown rather than short.
function fiatDepositLimit(
  limitUsd: string,
  read: Awaited<ReturnType<AccountReader['read']>>,
  prices: Prices,
): AccountView['limits']['fiatDeposits'] {
  const { byAsset, note } = read.fiatDeposits;
  if (byAsset === undefined)
    return { ...dailyLimit(limitUsd, undefined, note ?? 'Ledgers not read yet'), byAsset: [] };
  const sum = sumOf(prices, byAsset);
  const source = `fiat deposits in the ledger over the last 24 h, valued in ${TIER_CURRENCY} at the ticker’s mid`;
  const text =
    sum.total === undefined
      ? `${source}. Not summed: ${sum.unvalued.map(({ asset, reason }) => `${asset} cannot be valued (${reason})`).join('; ')}`
      : source;
  return { ...dailyLimit(limitUsd, sum.total, text), byAsset: byAsset.map((entry) => valued(prices, entry)) };
}
