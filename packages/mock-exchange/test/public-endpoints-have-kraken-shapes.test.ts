import { describe, expect, it } from 'vitest';
import { call, publicCall } from './support/signer.js';
import { world } from './support/world.js';

type Rec = Record<string, unknown>;

describe('public market data in Kraken shapes', () => {
  it('AssetPairs lists the ten markets with Kraken field names and types', () => {
    const { exchange } = world();
    const pairs = publicCall(exchange, 'AssetPairs').result as Record<string, Rec>;
    expect(Object.keys(pairs).sort()).toEqual(
      [
        'ATOMUSD',
        'KEEPUSD',
        'SOLUSD',
        'USDTZUSD',
        'XETHXXBT',
        'XETHZUSD',
        'XXBTZEUR',
        'XXBTZGBP',
        'XXBTZUSD',
        'ZEURZUSD',
      ].sort(),
    );
    const btc = pairs['XXBTZUSD']!;
    expect(btc).toMatchObject({
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
      margin_call: 80,
      margin_stop: 40,
      status: 'online',
      fee_volume_currency: 'ZUSD',
    });
    expect(typeof btc['long_position_limit']).toBe('number');
    expect((btc['fees'] as number[][])[0]).toEqual([0, 0.4]);
    expect((btc['fees_maker'] as number[][])[0]).toEqual([0, 0.25]);
  });

  it('KEEP/USD is served as reduce_only because KEEP is reduce-only in the allowance table', () => {
    const { exchange } = world();
    const pairs = publicCall(exchange, 'AssetPairs', { pair: 'KEEPUSD' }).result as Record<string, Rec>;
    expect(pairs['KEEPUSD']!['status']).toBe('reduce_only');
  });

  it("AssetPairs info=leverage and info=margin return Kraken's subsets", () => {
    const { exchange } = world();
    const leverage = publicCall(exchange, 'AssetPairs', { pair: 'XBTUSD', info: 'leverage' })
      .result as Record<string, Rec>;
    expect(leverage['XXBTZUSD']).toEqual({ leverage_buy: [2, 3, 4, 5], leverage_sell: [2, 3, 4, 5] });
    const margin = publicCall(exchange, 'AssetPairs', { pair: 'XBTUSD', info: 'margin' }).result as Record<
      string,
      Rec
    >;
    expect(margin['XXBTZUSD']).toEqual({ margin_call: 80, margin_stop: 40 });
  });

  it('Assets uses Kraken ids and altnames', () => {
    const { exchange } = world();
    const assets = publicCall(exchange, 'Assets', { asset: 'XBT,USD' }).result as Record<string, Rec>;
    expect(assets['XXBT']).toMatchObject({
      aclass: 'currency',
      altname: 'XBT',
      decimals: 10,
      display_decimals: 5,
      status: 'enabled',
    });
    expect(assets['ZUSD']).toMatchObject({ altname: 'USD' });
    expect(publicCall(exchange, 'Assets', { asset: 'NOPE' }).error).toEqual(['EQuery:Unknown asset']);
  });

  it('Ticker gives a/b/c/v/p/t/l/h/o with the spread around the mid', () => {
    const { exchange, clock } = world();
    clock.advance(5_000);
    const ticker = (publicCall(exchange, 'Ticker', { pair: 'XBTUSD' }).result as Record<string, Rec>)[
      'XXBTZUSD'
    ]!;
    const [ask] = ticker['a'] as string[];
    const [bid] = ticker['b'] as string[];
    expect(Number(ask) - Number(bid)).toBeCloseTo(1.0, 6);
    expect(ticker['t']).toEqual([5, 5]);
    expect(Object.keys(ticker).sort()).toEqual(['a', 'b', 'c', 'h', 'l', 'o', 'p', 't', 'v']);
  });

  it("Depth has sorted levels [price, volume, timestamp] at the pair's precision, and shows resting orders", () => {
    const { exchange, key } = world();
    const placed = call(exchange, key, 'AddOrder', {
      ordertype: 'limit',
      type: 'buy',
      volume: '1',
      pair: 'XBTUSD',
      price: '64998.0',
    });
    expect(placed.error).toEqual([]);
    const depth = (
      publicCall(exchange, 'Depth', { pair: 'XBTUSD', count: '20' }).result as Record<string, Rec>
    )['XXBTZUSD']!;
    const bids = depth['bids'] as [string, string, number][];
    const asks = depth['asks'] as [string, string, number][];
    expect(bids).toHaveLength(20);
    expect(asks[0]![0]).toBe('65000.5');
    expect(bids[0]![0]).toBe('64999.5');
    for (let i = 1; i < 20; i += 1) {
      expect(Number(bids[i]![0])).toBeLessThan(Number(bids[i - 1]![0]));
      expect(Number(asks[i]![0])).toBeGreaterThan(Number(asks[i - 1]![0]));
    }
    const level = bids.find(([price]) => price === '64998.0')!;
    expect(Number(level[1])).toBeGreaterThanOrEqual(1);
    expect(level[1]).toMatch(/^\d+\.\d{8}$/);
  });

  it('OHLC, Trades and Spread grow with the random walk', () => {
    const { exchange, clock } = world();
    clock.advance(180_000);
    const ohlc = publicCall(exchange, 'OHLC', { pair: 'XBTUSD' }).result as Rec;
    const candles = ohlc['XXBTZUSD'] as unknown[][];
    expect(candles.length).toBeGreaterThanOrEqual(3);
    expect(candles[0]).toHaveLength(8);
    expect(typeof ohlc['last']).toBe('number');
    const trades = publicCall(exchange, 'Trades', { pair: 'XBTUSD' }).result as Rec;
    const rows = trades['XXBTZUSD'] as unknown[][];
    expect(rows).toHaveLength(180);
    expect(rows[0]).toEqual([
      expect.any(String),
      expect.any(String),
      expect.any(Number),
      expect.stringMatching(/^[bs]$/),
      'm',
      '',
      expect.any(Number),
    ]);
    expect(typeof trades['last']).toBe('string');
    const spread = publicCall(exchange, 'Spread', { pair: 'XBTUSD' }).result as Rec;
    expect((spread['XXBTZUSD'] as unknown[][]).length).toBeGreaterThan(0);
  });

  it('Time and SystemStatus follow the exchange clock and status', () => {
    const { exchange, clock } = world();
    const time = publicCall(exchange, 'Time').result as Rec;
    expect(time['unixtime']).toBe(Math.floor(clock.now() / 1000));
    expect(time['rfc1123']).toMatch(/\+0000$/);
    exchange.setSystemStatus('maintenance');
    expect(publicCall(exchange, 'SystemStatus').result).toMatchObject({ status: 'maintenance' });
  });
});
