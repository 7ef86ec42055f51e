import type { FeeTier, TradeVolumeResult } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';

/** Where the account stands on Kraken's 30-day volume fee schedule. */
export interface FeeProgress {
  /** 30-day USD volume: TradeVolume's figure plus what this session traded since it was read. */
  volume30d: Decimal;
  /** Current taker / maker fee, percent. */
  taker: Decimal | undefined;
  maker: Decimal | undefined;
  /** Volume of the next tier and its fees, when there is a next tier. */
  nextVolume: Decimal | undefined;
  nextTaker: Decimal | undefined;
  nextMaker: Decimal | undefined;
  /** 0–1: how far from the current tier's floor to the next tier. */
  progress: number | undefined;
}

/** A pair's whole fee schedule as AssetPairs gives it: `[volume floor, percent]` rows, lowest floor first. */
export interface FeeSchedule {
  taker: readonly FeeTier[];
  maker: readonly FeeTier[];
}

/**
 * Fee-tier progress: Kraken's 30-day `volume` from TradeVolume plus the USD volume traded since it was read.
 * With the pair's fee schedule the tier is found from that running volume, so it moves as the session trades;
 * without it, TradeVolume's own `fee`/`nextvolume`/`nextfee` are shown as read.
 */
export function feeProgress(
  result: TradeVolumeResult,
  sinceUsd: Decimal,
  schedule?: FeeSchedule,
): FeeProgress {
  const volume30d = new Decimal(result.volume).plus(sinceUsd);
  if (schedule !== undefined && schedule.taker.length > 0) return fromSchedule(volume30d, schedule);
  const taker = Object.values(result.fees ?? {})[0];
  const maker = Object.values(result.fees_maker ?? {})[0];
  const floor = taker?.tiervolume === undefined ? undefined : new Decimal(taker.tiervolume);
  const next =
    taker?.nextvolume === null || taker?.nextvolume === undefined ? undefined : new Decimal(taker.nextvolume);
  const progress =
    floor === undefined || next === undefined || next.lte(floor)
      ? undefined
      : Math.min(1, Math.max(0, volume30d.minus(floor).div(next.minus(floor)).toNumber()));
  return {
    volume30d,
    taker: decimalOrUndefined(taker?.fee),
    maker: decimalOrUndefined(maker?.fee),
    nextVolume: next,
    nextTaker: decimalOrUndefined(taker?.nextfee),
    nextMaker: decimalOrUndefined(maker?.nextfee),
    progress,
  };
}

function fromSchedule(volume30d: Decimal, schedule: FeeSchedule): FeeProgress {
  const at = tierIndex(schedule.taker, volume30d);
  const floor = new Decimal(schedule.taker[at]?.[0] ?? '0');
  const next = schedule.taker[at + 1];
  const nextVolume = next === undefined ? undefined : new Decimal(next[0]);
  return {
    volume30d,
    taker: decimalOrUndefined(schedule.taker[at]?.[1]),
    maker: decimalOrUndefined(schedule.maker[tierIndex(schedule.maker, volume30d)]?.[1]),
    nextVolume,
    nextTaker: decimalOrUndefined(next?.[1]),
    nextMaker:
      nextVolume === undefined
        ? undefined
        : decimalOrUndefined(schedule.maker[tierIndex(schedule.maker, nextVolume)]?.[1]),
    progress:
      nextVolume === undefined || nextVolume.lte(floor)
        ? undefined
        : Math.min(1, Math.max(0, volume30d.minus(floor).div(nextVolume.minus(floor)).toNumber())),
  };
}

/** The row whose floor is the highest one not above `volume` (rows sorted by floor, as Kraken sends them). */
function tierIndex(rows: readonly FeeTier[], volume: Decimal): number {
  let index = 0;
  for (let row = 0; row < rows.length; row += 1) if (volume.gte(rows[row]?.[0] ?? '0')) index = row;
  return index;
}

function decimalOrUndefined(text: string | null | undefined): Decimal | undefined {
  return text === null || text === undefined ? undefined : new Decimal(text);
}
