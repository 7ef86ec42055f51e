/** A small allowance table so tests reach the limits with small orders (shape of @krakenkit/core's data/margin-allowances.yaml). */
export const SMALL_ALLOWANCES = {
  currencies: {
    USD: { allowance: '100000', fiat: true, aliases: ['ZUSD'] },
    EUR: { allowance: '50000', fiat: true, aliases: ['ZEUR'] },
    GBP: { allowance: '30000', fiat: true, aliases: ['ZGBP'] },
    BTC: { allowance: '2', aliases: ['XBT', 'XXBT'] },
    ETH: { allowance: '10', aliases: ['XETH'] },
    KEEP: { allowance: '0', reduceOnly: true },
  },
};

export const RICH = { ZUSD: '1000000', XXBT: '10', XETH: '100', ZEUR: '100000', ZGBP: '100000' };

export const marginBuy = (volume: string, price: string | undefined, leverage = '2', pair = 'XBTUSD') => ({
  ordertype: price === undefined ? 'market' : 'limit',
  type: 'buy',
  pair,
  volume,
  leverage,
  ...(price === undefined ? {} : { price }),
});

export const marginSell = (volume: string, price: string | undefined, leverage = '2', pair = 'XBTUSD') => ({
  ...marginBuy(volume, price, leverage, pair),
  type: 'sell',
});
