import type { AssetPairsResult, TickerResult } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config/load.js';
import { dashboardKeys } from '../src/dashboard/dashboard-keys.js';
import { pricesFrom, pricingPairs, sumOf, valueInTier } from '../src/dashboard/data/valuation.js';

const PAIRS = {
  XXBTZUSD: { base: 'XXBT', quote: 'ZUSD' },
  'XXBTZUSD.d': { base: 'XXBT', quote: 'ZUSD' },
  ZEURZUSD: { base: 'ZEUR', quote: 'ZUSD' },
  ZUSDZJPY: { base: 'ZUSD', quote: 'ZJPY' },
  XXBTZGBP: { base: 'XXBT', quote: 'ZGBP' },
  SOLUSD: { base: 'SOL', quote: 'ZUSD' },
} as unknown as AssetPairsResult;

function tick(bid: string, ask: string) {
  return { a: [ask, '1', '1'], b: [bid, '1', '1'], c: [bid, '1'] } as unknown as TickerResult[string];
}

describe('valuing the account in the tier’s currency', () => {
  const assets = ['ZUSD', 'XXBT', 'ZEUR', 'ZJPY', 'ZGBP', 'XXBT.F', 'SOL'];
  const pairs = pricingPairs(PAIRS, assets);
  const prices = pricesFrom(
    pairs,
    {
      XXBTZUSD: tick('64990', '65010'),
      ZEURZUSD: tick('1.0799', '1.0801'),
      ZUSDZJPY: tick('149.9', '150.1'),
    },
    assets,
    1_000,
  );

  it('prices through <asset>/USD, else USD/<asset> inverted, and skips dark-pool pairs', () => {
    expect([...pairs.values()]).toEqual(
      expect.arrayContaining([
        { asset: 'XXBT', pair: 'XXBTZUSD', inverted: false },
        { asset: 'ZEUR', pair: 'ZEURZUSD', inverted: false },
        { asset: 'ZJPY', pair: 'ZUSDZJPY', inverted: true },
      ]),
    );
    expect(prices.prices).toEqual([
      { asset: 'XXBT', pair: 'XXBTZUSD', inverted: false, price: '65000' },
      { asset: 'ZEUR', pair: 'ZEURZUSD', inverted: false, price: '1.08' },
      { asset: 'ZJPY', pair: 'ZUSDZJPY', inverted: true, price: '0.0066666666666666666667' },
    ]);
    expect(valueInTier(prices, 'ZJPY', '150000').value?.toDecimalPlaces(2).toFixed()).toBe('1000');
    expect(valueInTier(prices, 'ZUSD', '12.34').value?.toFixed()).toBe('12.34');
  });

  it('never values through a third currency, a suffixed balance, or a pair the ticker did not answer for', () => {
    expect(prices.missing).toEqual([
      { asset: 'ZGBP', reason: 'no ZGBP/USD or USD/ZGBP pair on the exchange' },
      { asset: 'XXBT.F', reason: 'no XXBT.F/USD or USD/XXBT.F pair on the exchange' },
      { asset: 'SOL', reason: 'the ticker gave no bid and ask for SOLUSD' },
    ]);
    expect(valueInTier(prices, 'ZGBP', '100')).toEqual({
      reason: 'no ZGBP/USD or USD/ZGBP pair on the exchange',
    });
  });

  it('sums only when every part can be valued', () => {
    const whole = sumOf(prices, [
      { asset: 'ZUSD', amount: '2000' },
      { asset: 'ZEUR', amount: '1500' },
    ]);
    expect(whole.total?.toFixed()).toBe('3620');
    const partial = sumOf(prices, [
      { asset: 'ZUSD', amount: '2000' },
      { asset: 'ZGBP', amount: '100' },
    ]);
    expect(partial).toEqual({
      total: undefined,
      unvalued: [{ asset: 'ZGBP', reason: 'no ZGBP/USD or USD/ZGBP pair on the exchange' }],
    });
  });
});

describe('the keys krakenkit dashboard opens', () => {
  const yaml = `exchange: { kind: kraken }
account: { tier: intermediate }
keys:
  trader:
    apiKey: { env: KK_TRADER_KEY }
    secret: { env: KK_TRADER_SECRET }
    permissions: [funds_query, trades_query_open, trades_modify]
  treasury:
    apiKey: { env: KK_TREASURY_KEY }
    secret: { env: KK_TREASURY_SECRET }
    permissions: [funds_query, funds_withdraw]
  reports:
    apiKey: { env: KK_REPORTS_KEY }
    secret: { env: KK_REPORTS_SECRET }
    permissions: [funds_query, ledger_query]
bots:
  - { name: dca, key: trader, strategy: dca, pairs: [XBT/USD], params: { amount: "100", every: 1h } }
`;
  const config = loadBotConfig(yaml, { file: 'keys.yaml' });

  it('are the bots’ keys first, then a key that may withdraw, when its credentials are set', () => {
    const env = { KK_TREASURY_KEY: 'k', KK_TREASURY_SECRET: Buffer.from('s'.repeat(64)).toString('base64') };
    expect(dashboardKeys(config, env)).toEqual({ keys: ['trader', 'treasury'], skipped: [] });
  });

  it('leave out a withdrawal key whose credentials are not set, saying why, on Kraken', () => {
    const { keys, skipped } = dashboardKeys(config, {});
    expect(keys).toEqual(['trader']);
    expect(skipped).toEqual([{ key: 'treasury', reason: expect.stringContaining('KK_TREASURY_KEY') }]);
  });
});
