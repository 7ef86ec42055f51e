import { AllowanceTable, loadAllowanceTable, PairIndex, pairInfoOf, ValidationError } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';

const XXBTZUSD = {
  altname: 'XBTUSD',
  wsname: 'XBT/USD',
  base: 'XXBT',
  quote: 'ZUSD',
  pair_decimals: 1,
  lot_decimals: 8,
  ordermin: '0.00005',
  costmin: '0.5',
  tick_size: '0.1',
  leverage_buy: [2, 3, 4, 5],
  leverage_sell: [2, 3],
  long_position_limit: 250,
  status: 'online',
};

describe('one pair index finds a pair by any of its names', () => {
  const table = new AllowanceTable(loadAllowanceTable(), 'intermediate');
  const index = PairIndex.fromAssetPairs(
    { XXBTZUSD, XETHZUSD: { altname: 'ETHUSD', base: 'XETH', quote: 'ZUSD' }, PARTIAL: { altname: 'P' } },
    { currencyOf: (code) => table.currencyOf(code) },
  );

  it('by id, altname, wsname and WS v2 symbol, in any case, and by the names people write', () => {
    const pair = index.get('XXBTZUSD');
    expect(pair?.altname).toBe('XBTUSD');
    for (const name of ['XBTUSD', 'XBT/USD', 'BTC/USD', 'btc/usd', ' xbtusd ', 'xbt/usd']) {
      expect(index.get(name), name).toBe(pair);
    }
    expect(index.get('ETH/USD')?.id).toBe('XETHZUSD');
    expect(index.get('DOGE/USD')).toBeUndefined();
  });

  it('by the currency names written without the slash (BTCUSD), which no other pair of the index holds', () => {
    const pair = index.get('XXBTZUSD');
    for (const name of ['BTCUSD', 'btcusd', ' BtcUsd ']) expect(index.get(name), name).toBe(pair);
    // A name a pair already holds (its altname, id or wsname) is never taken by another pair's derived name.
    const clash = new PairIndex([
      pairInfoOf('AB', { altname: 'ABCD', base: 'AB', quote: 'CD' }),
      pairInfoOf('OTHER', { altname: 'XY', base: 'ABC', quote: 'D' }),
    ]);
    expect(clash.get('ABCD')?.id).toBe('AB');
  });

  it('compiles AssetPairs once: decimals as Decimals, currencies named by the allowance table', () => {
    const pair = index.get('XBTUSD');
    expect(pair).toMatchObject({
      base: 'BTC',
      quote: 'USD',
      wsname: 'XBT/USD',
      status: 'online',
      lotDecimals: 8,
    });
    expect(pair?.tickSize?.toFixed()).toBe('0.1');
    expect(pair?.orderMin?.toFixed()).toBe('0.00005');
    expect(pair?.longPositionLimit?.toFixed()).toBe('250');
    expect(pair?.shortPositionLimit).toBeUndefined();
    expect(index.get('ETHUSD')?.wsname).toBe('ETHUSD');
  });

  it('skips entries without base and quote (AssetPairs info subsets)', () => {
    expect(index.get('PARTIAL')).toBeUndefined();
    expect(index.all().map((pair) => pair.id)).toEqual(['XXBTZUSD', 'XETHZUSD']);
  });

  it('reads an unknown status as cancel_only (fail closed) and refuses a malformed decimal', () => {
    expect(pairInfoOf('X', { base: 'A', quote: 'B', status: 'maintenance' }).status).toBe('cancel_only');
    expect(() => pairInfoOf('X', { base: 'A', quote: 'B', tick_size: '1e-1' })).toThrow(ValidationError);
    expect(() => pairInfoOf('X', { base: 'A', quote: 'B', long_position_limit: 1.5 })).toThrow(
      /pairs\.X\.long_position_limit/,
    );
  });
});
