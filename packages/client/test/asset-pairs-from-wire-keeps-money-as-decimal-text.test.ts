import { describe, expect, it } from 'vitest';
import { AssetPairs, ResponseShapeError } from '../src/endpoints/index.js';

/** Trimmed from the shape Kraken documents for AssetPairs (docs/kraken/rest-endpoints.md). */
const RAW = {
  XXBTZUSD: {
    altname: 'XBTUSD',
    wsname: 'XBT/USD',
    aclass_base: 'currency',
    base: 'XXBT',
    aclass_quote: 'currency',
    quote: 'ZUSD',
    lot: 'unit',
    cost_decimals: 5,
    pair_decimals: 1,
    lot_decimals: 8,
    lot_multiplier: 1,
    leverage_buy: [2, 3, 4, 5],
    leverage_sell: [2, 3, 4, 5],
    fees: [
      [0, 0.4],
      [10000, 0.35],
    ],
    fees_maker: [
      [0, 0.25],
      [10000, 0.2],
    ],
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: '0.00005',
    costmin: '0.5',
    tick_size: '0.1',
    status: 'online',
    long_position_limit: 250,
    short_position_limit: 200,
  },
  SMALLPAIR: { altname: 'SMALL', ordermin: 1e-8, status: 'reduce_only' },
};

describe('AssetPairs.fromWire', () => {
  it('returns typed entries with the pair limits the guard needs', () => {
    const pairs = AssetPairs.fromWire!(RAW);
    const xbt = pairs['XXBTZUSD']!;
    expect(xbt).toMatchObject({
      altname: 'XBTUSD',
      ordermin: '0.00005',
      costmin: '0.5',
      tick_size: '0.1',
      pair_decimals: 1,
      lot_decimals: 8,
      cost_decimals: 5,
      leverage_buy: [2, 3, 4, 5],
      leverage_sell: [2, 3, 4, 5],
      long_position_limit: 250,
      short_position_limit: 200,
      status: 'online',
      margin_call: 80,
      margin_stop: 40,
    });
    expect(xbt.fees).toEqual([
      ['0', '0.4'],
      ['10000', '0.35'],
    ]);
    expect(xbt.fees_maker?.[1]).toEqual(['10000', '0.2']);
    expect('lot' in xbt).toBe(false);
  });

  it('writes numbers sent where decimals belong in plain notation, and leaves absent fields out', () => {
    const small = AssetPairs.fromWire!(RAW)['SMALLPAIR']!;
    expect(small.ordermin).toBe('0.00000001');
    expect(Object.keys(small).sort()).toEqual(['altname', 'ordermin', 'status']);
  });

  it('refuses a result of the wrong shape with the path of the bad field', () => {
    expect(() => AssetPairs.fromWire!([])).toThrow(ResponseShapeError);
    expect(() => AssetPairs.fromWire!({ X: { ordermin: 'lots' } })).toThrow(/AssetPairs\.X\.ordermin/);
    expect(() => AssetPairs.fromWire!({ X: { leverage_buy: ['2'] } })).toThrow(/AssetPairs\.X\.leverage_buy/);
    expect(() => AssetPairs.fromWire!({ X: { fees: [[0]] } })).toThrow(/AssetPairs\.X\.fees\[0\]/);
  });
});
