import type { FeeSchedule } from '../config/fees.js';
import type { Asset, Pair } from './pairs.js';

/** AssetPairs `info` variants: the full record or one of Kraken's field subsets. */
export type AssetPairsInfo = 'info' | 'leverage' | 'fees' | 'margin';

/** One pair in Kraken's AssetPairs shape (fees as [volume, percent] number pairs, as Kraken sends them). */
export function assetPairView(
  pair: Pair,
  fees: FeeSchedule,
  info: AssetPairsInfo = 'info',
): Record<string, unknown> {
  const taker = fees.tiers.map((t) => [Number(t.volume.toString()), Number(t.taker.toString())]);
  const maker = fees.tiers.map((t) => [Number(t.volume.toString()), Number(t.maker.toString())]);
  const leverage = { leverage_buy: [...pair.leverageBuy], leverage_sell: [...pair.leverageSell] };
  const feeFields = { fees: taker, fees_maker: maker, fee_volume_currency: fees.volumeCurrency };
  const margin = { margin_call: pair.marginCall, margin_stop: pair.marginStop };
  if (info === 'leverage') return leverage;
  if (info === 'fees') return feeFields;
  if (info === 'margin') return margin;
  const view: Record<string, unknown> = {
    altname: pair.altname,
    wsname: pair.wsname,
    aclass_base: 'currency',
    base: pair.base,
    aclass_quote: 'currency',
    quote: pair.quote,
    lot: 'unit',
    cost_decimals: pair.costDecimals,
    pair_decimals: pair.pairDecimals,
    lot_decimals: pair.lotDecimals,
    lot_multiplier: 1,
    ...leverage,
    ...feeFields,
    ...margin,
    ordermin: pair.ordermin.toString(),
    costmin: pair.costmin.toString(),
    tick_size: pair.tickSize.toString(),
    status: pair.status,
    execution_venue: 'international',
  };
  if (pair.longPositionLimit !== undefined)
    view['long_position_limit'] = Number(pair.longPositionLimit.toString());
  if (pair.shortPositionLimit !== undefined)
    view['short_position_limit'] = Number(pair.shortPositionLimit.toString());
  return view;
}

/** One asset in Kraken's Assets shape. */
export function assetView(asset: Asset): Record<string, unknown> {
  return {
    aclass: 'currency',
    altname: asset.altname,
    decimals: asset.decimals,
    display_decimals: asset.displayDecimals,
    collateral_value: Number(asset.collateralValue.toString()),
    status: 'enabled',
  };
}
