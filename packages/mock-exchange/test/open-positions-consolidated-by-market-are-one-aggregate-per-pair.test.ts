import { describe, expect, it } from 'vitest';
import { Decimal } from '../src/core/decimal.js';
import { marginBuy, RICH, SMALL_ALLOWANCES } from './support/margin.js';
import { place } from './support/orders.js';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';

const small = () => world({ balances: RICH }, { allowances: SMALL_ALLOWANCES });

// OpenPositions with `consolidation=market` answers an array with one aggregate per pair instead of the map by
// position id (python-kraken-sdk sends consolidation=market by default; CCXT shows the array it gets back).
describe('OpenPositions consolidation=market', () => {
  it('aggregates the positions of each pair: count, totals, and the leverage of the whole', () => {
    const w = small();
    place(w, marginBuy('0.1', undefined, '2'));
    place(w, marginBuy('0.3', undefined, '2'));
    place(w, marginBuy('1', undefined, '2', 'ETHUSD'));
    const byId = ok<Record<string, Record<string, string>>>(w.exchange, w.key, 'OpenPositions');
    const xbt = Object.values(byId).filter((p) => p['pair'] === 'XXBTZUSD');
    expect(xbt).toHaveLength(2);

    const consolidated = ok<Record<string, unknown>[]>(w.exchange, w.key, 'OpenPositions', {
      consolidation: 'market',
    });
    expect(Array.isArray(consolidated)).toBe(true);
    expect(consolidated).toHaveLength(2);
    const sum = (field: string, places: number) =>
      xbt.reduce((total, p) => total.plus(p[field]!), new Decimal(0)).toFixed(places);
    expect(consolidated.find((p) => p['pair'] === 'XXBTZUSD')).toEqual({
      pair: 'XXBTZUSD',
      positions: '2',
      type: 'buy',
      leverage: '2.00000',
      cost: sum('cost', 5),
      fee: sum('fee', 5),
      vol: '0.40000000',
      vol_closed: '0.00000000',
      margin: sum('margin', 5),
    });
    expect(consolidated.find((p) => p['pair'] === 'XETHZUSD')).toMatchObject({
      positions: '1',
      vol: '1.00000000',
    });
  });

  it('with docalcs each aggregate also carries value and net', () => {
    const w = small();
    place(w, marginBuy('0.1', undefined, '2'));
    w.exchange.setPrice('XBTUSD', '66000.0');
    const [aggregate] = ok<Record<string, unknown>[]>(w.exchange, w.key, 'OpenPositions', {
      consolidation: 'market',
      docalcs: true,
    });
    const [single] = Object.values(
      ok<Record<string, Record<string, unknown>>>(w.exchange, w.key, 'OpenPositions', { docalcs: true }),
    );
    expect(aggregate).toMatchObject({ value: single!['value'], net: single!['net'] });
  });

  it('any other consolidation is EGeneral:Invalid arguments:consolidation', () => {
    const w = small();
    expect(call(w.exchange, w.key, 'OpenPositions', { consolidation: 'pair' }).error).toEqual([
      'EGeneral:Invalid arguments:consolidation',
    ]);
  });
});
