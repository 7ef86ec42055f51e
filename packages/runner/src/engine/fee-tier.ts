import type { TradeVolumeResult } from '@krakenkit/client';
import { Decimal } from 'decimal.js';

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

/**
 * Fee-tier progress from a TradeVolume result (Kraken's `volume`, and `fees` / `fees_maker` of one pair with
 * `tiervolume`, `nextvolume`, `nextfee`) plus the USD volume traded since it was read.
 */
export function feeProgress(result: TradeVolumeResult, sinceUsd: Decimal): FeeProgress {
  const taker = Object.values(result.fees ?? {})[0];
  const maker = Object.values(result.fees_maker ?? {})[0];
  const volume30d = new Decimal(result.volume).plus(sinceUsd);
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

function decimalOrUndefined(text: string | null | undefined): Decimal | undefined {
  return text === null || text === undefined ? undefined : new Decimal(text);
}
