import { describe, expect, it } from 'vitest';
import { marginBuy, marginSell, RICH, SMALL_ALLOWANCES } from './support/margin.js';
import { place, reject } from './support/orders.js';
import { ok } from './support/signer.js';
import { world } from './support/world.js';

const small = () => world({ balances: RICH }, { allowances: SMALL_ALLOWANCES });

describe('margin allowance pools (docs/kraken/margin-rules.md)', () => {
  it('a long borrows the quote currency, volume × limit price, counting open orders', () => {
    const w = small();
    place(w, marginBuy('1', '60000.0')); // USD 60,000 (resting)
    place(w, marginBuy('0.6', '60000.0')); // 96,000
    expect(reject(w, marginBuy('0.1', '60000.0'))).toEqual(['EOrder:Margin allowance exceeded']);
    expect(place(w, marginBuy('0.06', '60000.0')).status).toBe('open'); // exactly 99,600
  });

  it('positions and open orders count together; a market long is sized at the ask', () => {
    const w = small();
    place(w, marginBuy('1', undefined)); // position: 65,000.5 USD
    expect(w.exchange.account('main').positions.size).toBe(1);
    place(w, marginBuy('0.5', '60000.0')); // 95,000.5
    expect(reject(w, marginBuy('0.1', '60000.0'))).toEqual(['EOrder:Margin allowance exceeded']);
  });

  it('a short borrows the base currency by volume; the USD pool does not matter', () => {
    const w = world(
      { balances: RICH },
      {
        allowances: {
          currencies: {
            ...SMALL_ALLOWANCES.currencies,
            USD: { allowance: '0', fiat: true, aliases: ['ZUSD'] },
          },
        },
      },
    );
    place(w, marginSell('1.5', undefined));
    expect(reject(w, marginSell('0.6', '70000.0'))).toEqual(['EOrder:Margin allowance exceeded']);
    expect(place(w, marginSell('0.5', '70000.0')).status).toBe('open'); // exactly 2 BTC
    expect(reject(w, marginBuy('0.01', '60000.0', '2', 'XBTEUR'))).toEqual([]); // EUR pool, separate
  });

  it('a crypto-quoted long (ETH/XBT) borrows from the BTC pool, shared with XBT shorts', () => {
    const w = small();
    place(w, marginSell('1.5', '70000.0')); // BTC 1.5
    place(w, marginBuy('10', '0.04900', '2', 'ETHXBT')); // BTC 0.49 → 1.99
    expect(reject(w, marginBuy('1', '0.04900', '2', 'ETHXBT'))).toEqual(['EOrder:Margin allowance exceeded']);
    expect(place(w, marginSell('9', '0.05000', '2', 'ETHXBT')).status).toBe('open'); // a short borrows ETH (9 ≤ 10)
    expect(reject(w, marginSell('1.5', '0.05000', '2', 'ETHXBT'))).toEqual([
      'EOrder:Margin allowance exceeded',
    ]);
  });

  it("usage is counted in the pool's own currency, never converted (BTC/GBP long in GBP)", () => {
    const w = small();
    place(w, marginBuy('0.5', '52000.0', '2', 'XBTGBP')); // GBP 26,000 (≈ USD 33k if converted: would exceed nothing either)
    expect(reject(w, marginBuy('0.1', '52000.0', '2', 'XBTGBP'))).toEqual([
      'EOrder:Margin allowance exceeded',
    ]); // 31,200 > 30,000
  });

  it('fiat allowances limit longs only: an EUR/USD short borrows EUR beyond the EUR allowance', () => {
    const w = small();
    expect(place(w, marginSell('80000', '1.10000', '2', 'EURUSD')).status).toBe('open'); // 80,000 EUR > 50,000
    expect(reject(w, marginBuy('100000', '1.00001', '2', 'EURUSD'))).toEqual([
      'EOrder:Margin allowance exceeded',
    ]); // a long borrows USD 100,001
  });

  it('a currency missing from the table has allowance 0', () => {
    const w = small();
    expect(reject(w, marginSell('1', '200.00', '2', 'SOLUSD'))).toEqual(['EOrder:Margin allowance exceeded']);
  });

  it('cancelling an order releases its share; closing a position repays it', () => {
    const w = small();
    const order = place(w, marginBuy('1.6', '60000.0'));
    expect(reject(w, marginBuy('0.1', '60000.0'))).toEqual(['EOrder:Margin allowance exceeded']);
    ok(w.exchange, w.key, 'CancelOrder', { txid: order.txid });
    place(w, marginBuy('1.5', undefined)); // position 97,500.75
    expect(reject(w, marginBuy('0.1', '60000.0'))).toEqual(['EOrder:Margin allowance exceeded']);
    place(w, marginSell('1.5', undefined)); // closes it
    expect(w.exchange.account('main').positions.size).toBe(0);
    expect(place(w, marginBuy('1.6', '60000.0')).status).toBe('open');
  });

  it('a per-tier table replaces the default for accounts of that tier', () => {
    const allowances = {
      ...SMALL_ALLOWANCES,
      tiers: { pro: { USD: { allowance: '1000000', fiat: true, aliases: ['ZUSD'] } } },
    };
    const pro = world({ tier: 'pro', balances: RICH }, { allowances });
    expect(place(pro, marginBuy('3', '60000.0')).status).toBe('open'); // 180,000 > the default 100,000
    expect(reject(pro, marginSell('1', '70000.0'))).toEqual(['EOrder:Margin allowance exceeded']); // BTC not in pro table: 0
    const intermediate = world({ balances: RICH }, { allowances });
    expect(reject(intermediate, marginBuy('3', '60000.0'))).toEqual(['EOrder:Margin allowance exceeded']);
  });

  it("the seed's worked example with the shared table: one BTC/USD long can use the whole USD 15,000,000", () => {
    const w = world({ balances: { ZUSD: '4000000' } });
    expect(place(w, marginBuy('230', '65000.0', '5')).status).toBe('open'); // 14,950,000 USD
    expect(reject(w, marginBuy('1', '65000.0', '5'))).toEqual(['EOrder:Margin allowance exceeded']);
    expect(place(w, marginBuy('0.7', '65000.0', '5')).status).toBe('open'); // 14,995,500
  });
});
