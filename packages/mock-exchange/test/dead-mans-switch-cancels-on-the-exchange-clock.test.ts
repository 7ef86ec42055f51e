import { describe, expect, it } from 'vitest';
import { limitBuy, openTxids, place } from './support/orders.js';
import { ok } from './support/signer.js';
import { world } from './support/world.js';

describe('CancelAllOrdersAfter', () => {
  it('cancels every open order when the countdown expires on the exchange clock', () => {
    const w = world();
    const a = place(w, limitBuy('0.1', '60000.0'));
    const b = place(w, { ...limitBuy('1', '3000.00'), pair: 'ETHUSD' });
    const result = ok<{ currentTime: string; triggerTime: string }>(
      w.exchange,
      w.key,
      'CancelAllOrdersAfter',
      { timeout: 60 },
    );
    expect(result).toEqual({ currentTime: '2026-01-01T00:00:00Z', triggerTime: '2026-01-01T00:01:00Z' });
    w.clock.advance(59_999);
    expect(openTxids(w.exchange, w.key)).toHaveLength(2);
    w.clock.advance(1);
    expect(openTxids(w.exchange, w.key)).toHaveLength(0);
    expect(a.status).toBe('canceled');
    expect(b.closedAt).toBe(w.clock.now());
  });

  it('fires even when nobody calls the exchange (the clock drives it)', () => {
    const w = world();
    const order = place(w, limitBuy('0.1', '60000.0'));
    ok(w.exchange, w.key, 'CancelAllOrdersAfter', { timeout: 10 });
    w.clock.advance(15_000);
    w.exchange.advance();
    expect(order.status).toBe('canceled');
    expect(order.closedAt).toBe(w.clock.now() - 5_000);
  });

  it('each call pushes the trigger back; timeout 0 disables it', () => {
    const w = world();
    const order = place(w, limitBuy('0.1', '60000.0'));
    ok(w.exchange, w.key, 'CancelAllOrdersAfter', { timeout: 30 });
    w.clock.advance(20_000);
    ok(w.exchange, w.key, 'CancelAllOrdersAfter', { timeout: 30 });
    w.clock.advance(20_000);
    expect(openTxids(w.exchange, w.key)).toEqual([order.txid]);
    expect(ok(w.exchange, w.key, 'CancelAllOrdersAfter', { timeout: 0 })).toMatchObject({ triggerTime: '0' });
    w.clock.advance(120_000);
    expect(openTxids(w.exchange, w.key)).toEqual([order.txid]);
  });

  it('after firing it stays off: later orders survive', () => {
    const w = world();
    place(w, limitBuy('0.1', '60000.0'));
    ok(w.exchange, w.key, 'CancelAllOrdersAfter', { timeout: 5 });
    w.clock.advance(6_000);
    const later = place(w, limitBuy('0.1', '60000.0'));
    w.clock.advance(60_000);
    expect(openTxids(w.exchange, w.key)).toEqual([later.txid]);
  });
});
