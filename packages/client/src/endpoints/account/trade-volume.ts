import { commaList, toPair, WireBuilder } from '@krakenkit/core/params';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link TradeVolume}. */
export interface TradeVolumeParams {
  /** Pairs to return fee info for (array or comma text). */
  pair?: readonly string[] | string;
}

/** Fee info for one pair, percentages as decimal text (e.g. `"0.2600"`). */
export interface PairFeeInfo {
  fee: string;
  minfee: string;
  maxfee: string;
  nextfee: string | null;
  nextvolume: string | null;
  tiervolume: string;
}

/** TradeVolume `result`: the 30-day volume and the fee tiers that follow from it. */
export interface TradeVolumeResult {
  currency: string;
  /** 30-day volume in `currency`. */
  volume: string;
  /** Taker fees per requested pair. */
  fees?: Record<string, PairFeeInfo>;
  fees_maker?: Record<string, PairFeeInfo>;
}

/** `POST /0/private/TradeVolume`. Permission "Funds permissions - Query" is UNCONFIRMED (docs/kraken/api-keys.md). */
export const TradeVolume = defineEndpoint<TradeVolumeParams, TradeVolumeResult>({
  name: 'TradeVolume',
  access: 'private',
  permissions: [PERMISSIONS.funds_query],
  rate: { kind: 'rest', cost: 1 },
  encoding: 'form',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('TradeVolume', params, ['pair']);
    w.optional('pair', commaList(toPair, { max: 200 }));
    return w.done();
  },
});
