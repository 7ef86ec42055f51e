import { describe, expect, it } from 'vitest';
import { ok, signedRequest } from './support/signer.js';
import { world } from './support/world.js';

describe('Balance, answered from text kept while the balances stay the same', () => {
  it('shows each deposit and trade at once, never a stale answer', () => {
    const w = world({ balances: { ZUSD: '1000', XXBT: '1' } });
    expect(ok(w.exchange, w.key, 'Balance')).toEqual({ ZUSD: '1000.0000', XXBT: '1.0000000000' });
    w.exchange.deposit('main', 'ZUSD', '0.5');
    expect(ok(w.exchange, w.key, 'Balance')).toEqual({ ZUSD: '1000.5000', XXBT: '1.0000000000' });
    w.exchange.deposit('main', 'XETH', '2');
    expect(ok(w.exchange, w.key, 'Balance')).toEqual({
      ZUSD: '1000.5000',
      XXBT: '1.0000000000',
      XETH: '2.0000000000',
    });
    const placed = ok<{ txid: string[] }>(w.exchange, w.key, 'AddOrder', {
      pair: 'XBTUSD',
      type: 'sell',
      ordertype: 'market',
      volume: '0.5',
    });
    expect(placed.txid).toHaveLength(1);
    const after = ok<Record<string, string>>(w.exchange, w.key, 'Balance');
    // A sell pays its 0.40 % taker fee in the base currency by default: 0.002 BTC.
    expect(after['XXBT']).toBe('0.4980000000');
    expect(Number(after['ZUSD'])).toBeGreaterThan(1000.5);
  });

  it('writes the same bytes as encoding the balances afresh, call after call', () => {
    const w = world({ balances: { ZUSD: '123.45', XXBT: '0.00000001' } });
    const bodies = [0, 1, 2].map(() => w.exchange.handle(signedRequest(w.key, 'Balance')).body);
    const expected = JSON.stringify({ error: [], result: { ZUSD: '123.4500', XXBT: '0.0000000100' } });
    expect(bodies).toEqual([expected, expected, expected]);
  });
});
