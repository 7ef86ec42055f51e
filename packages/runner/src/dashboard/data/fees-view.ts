import { Decimal } from '@krakenkit/core';
import { type FeeProgress, type FeeSchedule, feeProgress } from '../../engine/fee-tier.js';
import type { DashboardSource } from './source.js';

/** The fees page: 30-day volume, the current maker/taker fees and the way to the next tier (decimal text). */
export interface FeesView {
  /** The pair whose fee schedule is shown (fees differ by pair group). */
  pair: string | null;
  /** Null when the key may not read TradeVolume. */
  progress: {
    volume30dUsd: string;
    taker: string | null;
    maker: string | null;
    nextVolumeUsd: string | null;
    nextTaker: string | null;
    nextMaker: string | null;
    /** 0–1 from the current tier's floor to the next tier. */
    progress: number | null;
    /** USD volume still to trade to reach the next tier. */
    toNextUsd: string | null;
  } | null;
  /** The pair's whole schedule: `[30-day USD volume floor, fee %]` rows. */
  schedule: FeeSchedule | null;
  note: string;
}

/**
 * Builds the fees page's data: the running session's figure (TradeVolume plus what it traded since), else
 * TradeVolume as read when the exchange was opened.
 */
export function feesView(source: DashboardSource): FeesView {
  const { connection } = source;
  const pair = [...connection.botPairs.values()].flat()[0];
  const entry = pair === undefined ? undefined : connection.assetPairs[pair.id];
  const schedule =
    entry?.fees === undefined || entry.fees_maker === undefined
      ? undefined
      : { taker: entry.fees, maker: entry.fees_maker };
  const fee =
    source.session !== undefined
      ? source.session.status().fee
      : connection.tradeVolume === undefined
        ? undefined
        : feeProgress(connection.tradeVolume, new Decimal(0), schedule);
  return {
    pair: pair?.wsname ?? null,
    progress: fee === undefined ? null : progressJson(fee),
    schedule: schedule ?? null,
    note:
      fee === undefined
        ? 'the key may not read TradeVolume (Funds permissions - Query): no fee tier'
        : '30-day USD volume from TradeVolume, plus what the bots traded in USD since it was read',
  };
}

function progressJson(fee: FeeProgress): NonNullable<FeesView['progress']> {
  const text = (value: Decimal | undefined) => (value === undefined ? null : value.toFixed());
  const toNext =
    fee.nextVolume === undefined ? undefined : Decimal.max(0, fee.nextVolume.minus(fee.volume30d));
  return {
    volume30dUsd: fee.volume30d.toFixed(),
    taker: text(fee.taker),
    maker: text(fee.maker),
    nextVolumeUsd: text(fee.nextVolume),
    nextTaker: text(fee.nextTaker),
    nextMaker: text(fee.nextMaker),
    progress: fee.progress ?? null,
    toNextUsd: text(toNext),
  };
}
