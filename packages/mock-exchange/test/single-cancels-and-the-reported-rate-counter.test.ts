import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { KrakenRejection } from '../src/core/rejection.js';
import { readSingleCancelOverThreshold } from '../src/rate-limit/cancel-policy.js';
import { refuseSingleCancelOverThreshold, tradingCounter } from '../src/rate-limit/trading-limits.js';
import { limitBuy, place } from './support/orders.js';
import { ok } from './support/signer.js';
import { world } from './support/world.js';
import { RawWs, startWsWorld, type WsWorld } from './support/ws-harness.js';

// Whether Kraken accepts a SINGLE cancel over the matching-engine threshold is unconfirmed (only batch cancels are
// documented as accepted): the mock refuses it by default, and reports the counter in its executions feed.

describe('a single cancel over the threshold', () => {
  it('is refused by default when its cost would pass the threshold, and goes through once it fits', () => {
    const w = world({ tier: 'starter', balances: { ZUSD: '1000000' } });
    const account = w.exchange.account(w.accountId);
    const orders = Array.from({ length: 53 }, () => place(w, limitBuy('0.0001', '50000.0')));
    const first = orders[0]!;
    const now = w.clock.now();
    const counter = tradingCounter(w.exchange.ctx, account, first.pair, now);
    expect(counter.valueAt(now)).toBe(53);
    // A fresh order's cancel costs 8: 53 + 8 = 61 > 60.
    expect(() => refuseSingleCancelOverThreshold(w.exchange.ctx, account, [first], now)).toThrow(
      KrakenRejection,
    );
    expect(() => refuseSingleCancelOverThreshold(w.exchange.ctx, account, [first], now)).toThrow(
      'EOrder:Rate limit exceeded',
    );
    expect(counter.valueAt(now)).toBe(53);
    w.clock.advance(1_000); // 52 + 8 = 60: fits exactly
    expect(() =>
      refuseSingleCancelOverThreshold(w.exchange.ctx, account, [first], w.clock.now()),
    ).not.toThrow();
  });

  it('counts every order a userref cancel would close, and nothing for orders already closed', () => {
    const w = world({ tier: 'starter', balances: { ZUSD: '1000000' } });
    const account = w.exchange.account(w.accountId);
    const tagged = Array.from({ length: 5 }, () => place(w, limitBuy('0.0001', '50000.0', { userref: 7 })));
    for (let i = 0; i < 15; i += 1) place(w, limitBuy('0.0001', '50000.0'));
    const now = w.clock.now();
    // 20 + 5 × 8 = 60 fits; a sixth order would not.
    expect(() => refuseSingleCancelOverThreshold(w.exchange.ctx, account, tagged, now)).not.toThrow();
    const sixth = place(w, limitBuy('0.0001', '50000.0', { userref: 7 }));
    expect(() => refuseSingleCancelOverThreshold(w.exchange.ctx, account, [...tagged, sixth], now)).toThrow(
      'EOrder:Rate limit exceeded',
    );
    // A batch cancel is accepted (21 + 8 = 29); fill the counter to the threshold with adds.
    ok(w.exchange, w.key, 'CancelOrderBatch', { orders: [sixth.txid] });
    for (let i = 0; i < 31; i += 1) place(w, limitBuy('0.0001', '50000.0'));
    const full = w.clock.now();
    expect(tradingCounter(w.exchange.ctx, account, sixth.pair, full).valueAt(full)).toBe(60);
    expect(() => refuseSingleCancelOverThreshold(w.exchange.ctx, account, [sixth], full)).not.toThrow();
    expect(() => refuseSingleCancelOverThreshold(w.exchange.ctx, account, [tagged[0]!], full)).toThrow(
      'EOrder:Rate limit exceeded',
    );
  });

  it('always goes through when the setting says Kraken accepts it', () => {
    const w = world({ tier: 'starter', balances: { ZUSD: '1000000' } });
    const account = w.exchange.account(w.accountId);
    const orders = Array.from({ length: 60 }, () => place(w, limitBuy('0.0001', '50000.0')));
    expect(() =>
      refuseSingleCancelOverThreshold(w.exchange.ctx, account, orders, w.clock.now(), 'accepted'),
    ).not.toThrow();
  });

  it('the setting reads rejected or accepted, nothing else', () => {
    expect(readSingleCancelOverThreshold(undefined, 'settings.singleCancelOverThreshold')).toBeUndefined();
    expect(readSingleCancelOverThreshold('accepted', 'settings.singleCancelOverThreshold')).toBe('accepted');
    expect(readSingleCancelOverThreshold('rejected', 'settings.singleCancelOverThreshold')).toBe('rejected');
    expect(() => readSingleCancelOverThreshold(true, 'settings.singleCancelOverThreshold')).toThrow(
      /settings\.singleCancelOverThreshold: expected rejected or accepted/,
    );
  });
});

let ws: WsWorld | undefined;
let raw: RawWs | undefined;
afterEach(async () => {
  raw?.close();
  await ws?.running.close();
  ws = raw = undefined;
});

describe('the executions feed reports the counter when subscribed with ratecounter: true', () => {
  it('each snapshot record carries its pair counter as `ratecount`; without the flag, none does', async () => {
    ws = await startWsWorld({ tier: 'starter' }, { clock: new ManualClock() });
    const { exchange } = ws.running;
    for (let i = 0; i < 3; i += 1)
      ok(exchange, ws.key, 'AddOrder', limitBuy('0.0001', '50000.0', { pair: 'XBTUSD' }));
    raw = await RawWs.open(ws.running.wsUrl);
    await raw.call('subscribe', { channel: 'executions', token: ws.token(), ratecounter: true });
    const snapshot = await raw.next((f) => f.channel === 'executions' && f.type === 'snapshot', 'snapshot');
    expect(snapshot.data).toHaveLength(3);
    for (const record of snapshot.data as Array<Record<string, unknown>>) {
      expect(record).toMatchObject({ symbol: 'BTC/USD', ratecount: 3 });
    }
    await raw.call('unsubscribe', { channel: 'executions', token: ws.token() });
    raw.frames.length = 0;
    await raw.call('subscribe', { channel: 'executions', token: ws.token() });
    const plain = await raw.next(
      (f) => f.channel === 'executions' && f.type === 'snapshot',
      'plain snapshot',
    );
    for (const record of plain.data as Array<Record<string, unknown>>)
      expect(record).not.toHaveProperty('ratecount');
  });
});
