import { parseOrder, parseWsOrder } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';
import { codes, marginOrder, placeAndFill, testGuard } from './support/guard-factory.js';

// Kraken's conditional close (AddOrder close[ordertype], WS v2 `conditional`) is placed by the exchange when the
// primary order fills: same quantity, opposite side, and once placed it "may reduce OR increase the net position".
// On a margin order that closes a position, that close re-opens it, borrowing what no reservation holds and what
// the allowance never saw. The guard read no close terms at all; now it refuses what it cannot size before the fact.
function shortOf2() {
  const made = testGuard();
  placeAndFill(made.guard, marginOrder('XBTUSD', 'sell', '2', '60000.0'));
  return made;
}

const CLOSE = { ordertype: 'limit' as const, price: '61000.0' };

describe('a conditional close', () => {
  it('on a margin order that reduces a position is refused, naming what the close would do', () => {
    const { guard } = shortOf2();
    const closing = parseOrder({
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '2',
      price: '59000.0',
      leverage: '5',
    });
    expect(guard.check(closing).allowed).toBe(true);
    const decision = guard.check(parseOrder({ ...closingParams(), close: CLOSE }));
    expect(codes(decision)).toEqual(['EGuard:Conditional close not checkable']);
    expect(decision.violations[0]).toMatchObject({ rule: 'conditional-close', field: 'close' });
    expect(decision.violations[0]?.message).toContain('sell of 2 BTC');
  });

  it('on a WebSocket margin order that reduces a position is refused too', () => {
    const { guard } = shortOf2();
    const order = parseWsOrder({
      symbol: 'BTC/USD',
      side: 'buy',
      order_type: 'limit',
      order_qty: '2',
      limit_price: '59000.0',
      margin: true,
      conditional: { order_type: 'limit', limit_price: '61000.0' },
    });
    expect(codes(guard.check(order))).toEqual(['EGuard:Conditional close not checkable']);
  });

  it('on an order that opens a position, or a spot order, passes: its close only reduces what the order opened', () => {
    const { guard } = testGuard();
    const opening = parseOrder({ ...closingParams(), close: CLOSE });
    expect(guard.check(opening).allowed).toBe(true);
    const spot = parseOrder({
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '1',
      price: '59000.0',
      close: CLOSE,
    });
    expect(guard.check(spot).allowed).toBe(true);
  });
});

function closingParams() {
  return {
    pair: 'XBTUSD',
    type: 'buy' as const,
    ordertype: 'limit' as const,
    volume: '2',
    price: '59000.0',
    leverage: '5',
  };
}
