import type { TradeVolumeResult } from '@krakenkit/client';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { feeProgress } from '../src/engine/fee-tier.js';

// Kraken's first three crypto tiers (@krakenkit/core's data/fees.yaml), as AssetPairs sends them.
const schedule = {
  taker: [
    ['0', '0.40'],
    ['10000', '0.35'],
    ['50000', '0.24'],
  ] as [string, string][],
  maker: [
    ['0', '0.25'],
    ['10000', '0.20'],
    ['50000', '0.14'],
  ] as [string, string][],
};

// TradeVolume as read at start-up: 8,500 USD, still in the first tier.
const readAtStart = {
  currency: 'ZUSD',
  volume: '8500',
  fees: {
    XXBTZUSD: {
      fee: '0.4000',
      minfee: '0.1000',
      maxfee: '0.4000',
      nextfee: '0.3500',
      nextvolume: '10000.0000',
      tiervolume: '0.0000',
    },
  },
  fees_maker: {
    XXBTZUSD: {
      fee: '0.2500',
      minfee: '0.0000',
      maxfee: '0.2500',
      nextfee: '0.2000',
      nextvolume: '10000.0000',
      tiervolume: '0.0000',
    },
  },
} as unknown as TradeVolumeResult;

describe('fee-tier progress', () => {
  it('moves to the next tier once the session has traded past it, without waiting for TradeVolume', () => {
    const progress = feeProgress(readAtStart, new Decimal('14653'), schedule);
    expect(progress.volume30d.toFixed()).toBe('23153');
    expect(progress.taker?.toFixed()).toBe('0.35');
    expect(progress.maker?.toFixed()).toBe('0.2');
    expect(progress.nextVolume?.toFixed()).toBe('50000');
    expect(progress.nextTaker?.toFixed()).toBe('0.24');
    expect(progress.nextMaker?.toFixed()).toBe('0.14');
    expect(progress.progress).toBeCloseTo(13153 / 40000, 10);
  });

  it('has no next tier at the top of the schedule', () => {
    const progress = feeProgress(readAtStart, new Decimal('100000'), schedule);
    expect(progress.taker?.toFixed()).toBe('0.24');
    expect(progress.nextVolume).toBeUndefined();
    expect(progress.progress).toBeUndefined();
  });

  it('without a schedule shows TradeVolume as it was read', () => {
    const progress = feeProgress(readAtStart, new Decimal('500'));
    expect(progress.taker?.toFixed()).toBe('0.4');
    expect(progress.nextVolume?.toFixed()).toBe('10000');
    expect(progress.progress).toBeCloseTo(9000 / 10000, 10);
  });
});
