import { commaList, oneOf, toAsset, WireBuilder } from '@krakenkit/core/params';
import { defineEndpoint } from '../define.js';

/** Parameters of {@link Assets}. */
export interface AssetsParams {
  /** Assets to describe (array or comma text); all when omitted. */
  asset?: readonly string[] | string;
  aclass?: 'currency' | 'tokenized_asset';
}

/** One asset as Kraken describes it. */
export interface AssetInfo {
  aclass: string;
  altname: string;
  /** Scaling decimals. */
  decimals: number;
  display_decimals: number;
  /** Margin collateral weight (e.g. 1); absent or 0 when not collateral. */
  collateral_value?: number;
  margin_rate?: number;
  status?: 'enabled' | 'deposit_only' | 'withdrawal_only' | 'funding_temporarily_disabled';
}

/** Keyed by asset id (`XXBT`, `ZUSD`). */
export type AssetsResult = Record<string, AssetInfo>;

/** `GET /0/public/Assets`. */
export const Assets = defineEndpoint<AssetsParams, AssetsResult>({
  name: 'Assets',
  access: 'public',
  permissions: [],
  rate: { kind: 'public' },
  encoding: 'query',
  idempotent: true,
  toWire(params) {
    const w = new WireBuilder('Assets', params, ['asset', 'aclass']);
    w.optional('asset', commaList(toAsset, { max: 200 }));
    w.optional('aclass', oneOf(['currency', 'tokenized_asset']));
    return w.done();
  },
});
