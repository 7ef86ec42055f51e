import { type Decimal, dec } from '../core/decimal.js';
import { decimalText, list, record, text } from './readers.js';

export interface FeeTier {
  /** Lower bound of the tier: rolling 30-day volume in the volume currency. */
  volume: Decimal;
  /** Percent, e.g. 0.25 means 0.25 %. */
  maker: Decimal;
  taker: Decimal;
}

/** Spot fee schedule by 30-day volume (data/fees.yaml in @krakenkit/core), tiers sorted by volume ascending. */
export interface FeeSchedule {
  volumeCurrency: string;
  tiers: readonly FeeTier[];
}

export function readFeeSchedule(doc: unknown, path = 'fees.yaml'): FeeSchedule {
  const root = record(doc, path);
  const tiers = list(root['tiers'], `${path}.tiers`).map((raw, i) => {
    const at = `${path}.tiers[${i}]`;
    const tier = record(raw, at);
    return {
      volume: dec(decimalText(tier['volume'], `${at}.volume`)),
      maker: dec(decimalText(tier['maker'], `${at}.maker`)),
      taker: dec(decimalText(tier['taker'], `${at}.taker`)),
    };
  });
  tiers.sort((a, b) => a.volume.comparedTo(b.volume));
  return { volumeCurrency: text(root['volumeCurrency'] ?? 'ZUSD', `${path}.volumeCurrency`), tiers };
}

/** The tier that applies to a 30-day volume: the last whose lower bound the volume reaches. */
export function feeTierFor(
  schedule: FeeSchedule,
  volume: Decimal,
): { tier: FeeTier; next: FeeTier | undefined } {
  let index = 0;
  schedule.tiers.forEach((tier, i) => {
    if (volume.greaterThanOrEqualTo(tier.volume)) index = i;
  });
  const tier = schedule.tiers[index];
  if (tier === undefined) throw new Error('fee schedule has no tiers');
  return { tier, next: schedule.tiers[index + 1] };
}
