import { describe, expect, it } from 'vitest';
import { call, ok } from './support/signer.js';
import { world } from './support/world.js';

const MARKET_BUY = { ordertype: 'market', type: 'buy', volume: '0.01', pair: 'XBTUSD' };

describe('AddOrder close[…] terms', () => {
  it.each([
    [{ ordertype: 'limit' }, 'EGeneral:Invalid arguments:close[price]'],
    [{ ordertype: 'stop-loss' }, 'EGeneral:Invalid arguments:close[price]'],
    [{ ordertype: 'stop-loss-limit', price: '50000.0' }, 'EGeneral:Invalid arguments:close[price2]'],
    [{ ordertype: 'take-profit-limit', price: '70000.0' }, 'EGeneral:Invalid arguments:close[price2]'],
  ])('a close %j without the price its type needs is refused on receipt: %s', (close, error) => {
    const { exchange, key } = world();
    expect(call(exchange, key, 'AddOrder', { ...MARKET_BUY, close }).error).toEqual([error]);
    // Nothing was placed: no primary filled whose close order would then silently never exist.
    expect(exchange.account('main').balance('XXBT').toString()).toBe('10');
    expect(exchange.internalErrors).toEqual([]);
  });

  it('a close with its prices is taken, and its order exists after the fill', () => {
    const { exchange, key } = world();
    ok(exchange, key, 'AddOrder', { ...MARKET_BUY, close: { ordertype: 'limit', price: '70000.0' } });
    const open = ok<{ open: Record<string, { descr: { type: string; price: string } }> }>(
      exchange,
      key,
      'OpenOrders',
    );
    expect(Object.values(open.open).map((o) => o.descr)).toMatchObject([{ type: 'sell', price: '70000.0' }]);
  });
});
