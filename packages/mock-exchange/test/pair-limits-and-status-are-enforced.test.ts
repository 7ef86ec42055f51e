import { describe, expect, it } from 'vitest';
import { limitBuy, market, place, reject } from './support/orders.js';
import { xbtUsdPair } from './support/pairs.js';
import { world } from './support/world.js';

// XBT/USD: ordermin 0.00005, costmin 0.5, tick 0.1, pair_decimals 1, lot_decimals 8.
describe('pair limits from AssetPairs', () => {
  it.each([
    [limitBuy('0.00004', '60000.0'), 'EOrder:Order minimum not met'],
    [{ ...limitBuy('0.5', '0.9'), pair: 'ATOMUSD' }, 'EOrder:Cost minimum not met'],
    [{ ...limitBuy('1', '8.00005'), pair: 'ATOMUSD' }, 'EGeneral:Invalid arguments:price'],
    [limitBuy('0.001', '60000.25'), 'EGeneral:Invalid arguments:price'],
    [limitBuy('0.000000001', '60000.0'), 'EGeneral:Invalid arguments:volume'],
    [{ ...limitBuy('0.01', '3200.001'), pair: 'ETHUSD' }, 'EGeneral:Invalid arguments:price'],
  ])('%j → %s', (params, expected) => {
    expect(reject(world(), params)).toEqual([expected]);
  });

  it('tick size: a price with allowed decimals but off the tick grid fails the tick check', () => {
    const w = world({}, { pairs: [{ ...xbtUsdPair(), tick_size: '0.5' }] });
    expect(reject(w, limitBuy('0.001', '60000.2'))).toEqual(['EOrder:Tick size check failed']);
    expect(place(w, limitBuy('0.001', '60000.5')).status).toBe('open');
  });

  it('costmin uses the touch for market orders', () => {
    const w = world({}, { pairs: [{ ...xbtUsdPair(), costmin: '10' }] });
    expect(reject(w, market('buy', '0.0001'))).toEqual(['EOrder:Cost minimum not met']);
    expect(place(w, market('buy', '0.0002')).status).toBe('closed');
  });

  it('trailing zeros do not count as decimals', () => {
    expect(place(world(), limitBuy('0.0010000000', '60000.000')).status).toBe('open');
  });
});

describe('pair and system status', () => {
  it('cancel_only rejects new orders but cancels still work', () => {
    const w = world();
    const order = place(w, limitBuy('0.01', '60000.0'));
    w.exchange.setPairStatus('XBTUSD', 'cancel_only');
    expect(reject(w, limitBuy('0.01', '60000.0'))).toEqual(['EService:Market in cancel_only mode']);
    w.exchange.setPairStatus('XBTUSD', 'online');
    expect(place(w, limitBuy('0.01', '60000.0')).status).toBe('open');
    expect(order.status).toBe('open');
  });

  it('post_only requires oflags=post', () => {
    const w = world();
    w.exchange.setPairStatus('XBTUSD', 'post_only');
    expect(reject(w, limitBuy('0.01', '60000.0'))).toEqual(['EService:Market in post_only mode']);
    expect(reject(w, market('buy', '0.01'))).toEqual(['EService:Market in post_only mode']);
    expect(place(w, limitBuy('0.01', '60000.0', { oflags: 'post' })).status).toBe('open');
  });

  it('limit_only rejects market orders (string configurable)', () => {
    const w = world();
    w.exchange.setPairStatus('XBTUSD', 'limit_only');
    expect(reject(w, market('buy', '0.01'))).toEqual(['EGeneral:Invalid arguments:ordertype']);
    expect(place(w, limitBuy('0.01', '60000.0')).status).toBe('open');
    const custom = world({}, { errorStrings: { limitOnlyMarketOrder: 'EOrder:Limit only' } });
    custom.exchange.setPairStatus('XBTUSD', 'limit_only');
    expect(reject(custom, market('buy', '0.01'))).toEqual(['EOrder:Limit only']);
  });

  it('system maintenance answers EService:Unavailable; system cancel_only acts on every pair', () => {
    const w = world();
    w.exchange.setSystemStatus('maintenance');
    expect(reject(w, limitBuy('0.01', '60000.0'))).toEqual(['EService:Unavailable']);
    w.exchange.setSystemStatus('cancel_only');
    expect(reject(w, { ...limitBuy('0.01', '3000.00'), pair: 'ETHUSD' })).toEqual([
      'EService:Market in cancel_only mode',
    ]);
  });
});
