import type { AssetPairRaw } from '@krakenkit/core';

const LEVERAGE = [2, 3, 4, 5];

function pair(
  altname: string,
  wsname: string,
  base: string,
  quote: string,
  extra: Partial<AssetPairRaw> = {},
): AssetPairRaw {
  return {
    altname,
    wsname,
    base,
    quote,
    pair_decimals: 1,
    lot_decimals: 8,
    ordermin: '0.0001',
    costmin: '0.5',
    tick_size: '0.1',
    leverage_buy: LEVERAGE,
    leverage_sell: LEVERAGE,
    status: 'online',
    long_position_limit: 1000,
    short_position_limit: 1000,
    ...extra,
  };
}

/**
 * AssetPairs entries in Kraken's raw shape for the pairs the seeds talk about. Position limits are set high so
 * that the allowance pools, not the per-pair size limit, are what the seed examples exercise.
 */
export const ASSET_PAIRS: Record<string, AssetPairRaw> = {
  XXBTZUSD: pair('XBTUSD', 'XBT/USD', 'XXBT', 'ZUSD'),
  XXBTZGBP: pair('XBTGBP', 'XBT/GBP', 'XXBT', 'ZGBP'),
  XXBTZEUR: pair('XBTEUR', 'XBT/EUR', 'XXBT', 'ZEUR'),
  // BTC priced in ETH: the seed's "short bitcoin against ETH".
  XXBTXETH: pair('XBTETH', 'XBT/ETH', 'XXBT', 'XETH', {
    pair_decimals: 3,
    tick_size: '0.001',
    costmin: '0.0002',
  }),
  XETHXXBT: pair('ETHXBT', 'ETH/XBT', 'XETH', 'XXBT', {
    pair_decimals: 5,
    tick_size: '0.00001',
    costmin: '0.00002',
    ordermin: '0.002',
    long_position_limit: 100000,
    short_position_limit: 100000,
  }),
  ATOMUSD: pair('ATOMUSD', 'ATOM/USD', 'ATOM', 'ZUSD', {
    pair_decimals: 4,
    tick_size: '0.0001',
    long_position_limit: 1000000,
    short_position_limit: 1000000,
  }),
  ATOMGBP: pair('ATOMGBP', 'ATOM/GBP', 'ATOM', 'ZGBP', { pair_decimals: 4, tick_size: '0.0001' }),
  KEEPUSD: pair('KEEPUSD', 'KEEP/USD', 'KEEP', 'ZUSD', {
    pair_decimals: 5,
    tick_size: '0.00001',
    ordermin: '1',
  }),
  ZEURZUSD: pair('EURUSD', 'EUR/USD', 'ZEUR', 'ZUSD', {
    pair_decimals: 5,
    tick_size: '0.00001',
    ordermin: '10',
    long_position_limit: 100000000,
    short_position_limit: 100000000,
  }),
  SPOTONLY: pair('DOGEEUR', 'XDG/EUR', 'XXDG', 'ZEUR', {
    leverage_buy: [],
    leverage_sell: [],
    pair_decimals: 7,
    tick_size: '0.0000001',
  }),
};
