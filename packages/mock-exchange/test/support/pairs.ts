/** XBT/USD as the tests configure it: Kraken's metadata at a fixed 65,000 price, overridable per test. */
export function xbtUsdPair() {
  return {
    id: 'XXBTZUSD',
    altname: 'XBTUSD',
    wsname: 'XBT/USD',
    base: 'XXBT',
    quote: 'ZUSD',
    pair_decimals: 1,
    lot_decimals: 8,
    cost_decimals: 5,
    ordermin: '0.00005',
    costmin: '0.5',
    tick_size: '0.1',
    leverage_buy: [2, 3, 4, 5],
    leverage_sell: [2, 3, 4, 5],
    price: '65000.0',
    half_spread_ticks: 5,
  };
}
