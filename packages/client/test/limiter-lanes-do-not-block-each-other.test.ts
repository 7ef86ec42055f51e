import { describe, expect, it } from 'vitest';
import {
  add,
  amend,
  cancel,
  deadMan,
  harness,
  peek,
  placeOrder,
  publicCall,
  query,
} from './support/limiter-harness.js';

describe('each counter has its own line', () => {
  it('a query waiting for REST budget holds up neither a cancel nor an order', async () => {
    const h = harness({ tier: 'starter' });
    await placeOrder(h, 'O1', 'XBTUSD');
    for (let index = 0; index < 15; index++) await h.call(`q${index}`, query());
    const waitingQuery = h.call('q15', query());
    const waitingHistory = h.call('ledgers', query('history'));
    expect(await peek(waitingQuery)).toBe('pending');
    // Sent at once, while two queries wait in the REST line.
    expect(await h.call('cancel', cancel('O1'))).toBe(0);
    expect(await h.call('add', add('ETHUSD'))).toBe(0);
    expect(await h.call('ticker', publicCall())).toBe(0);
    expect(await h.call('dead man', deadMan())).toBe(0);
    await h.advance(60_000);
    // 1 unit at 0.33/s: 3030.3… ms → 3031. The counter is then 15 − 0.33 × 3.031 + 1 = 14.99977 and the history
    // call (4) needs it at 11: 3.99977 / 0.33 s = 12120.5… ms → 12121.
    expect(await waitingQuery).toBe(3_031);
    expect(await waitingHistory).toBe(3_031 + 12_121);
  });

  it("an add waiting for one pair's counter does not hold up an add on another pair", async () => {
    const h = harness({ tier: 'starter' });
    for (let index = 0; index < 60; index++) await h.call(`a${index}`, add('XBTUSD'));
    const waiting = h.call('xbt 61', add('XBTUSD'));
    expect(await h.call('eth 1', add('ETHUSD'))).toBe(0);
    expect(await h.call('balance', query())).toBe(0);
    await h.advance(5_000);
    expect(await waiting).toBe(1_001);
  });

  it('with singleCancelOverThreshold accepted, cancels are never delayed by the counter, and are charged even over the threshold', async () => {
    const h = harness({ tier: 'starter', singleCancelOverThreshold: 'accepted' });
    for (let index = 0; index < 6; index++) await placeOrder(h, `O${index}`, 'XBTUSD');
    for (let index = 6; index < 60; index++) await h.call(`a${index}`, add('XBTUSD'));
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(60);
    for (let index = 0; index < 6; index++) expect(await h.call(`c${index}`, cancel(`O${index}`))).toBe(0);
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(60 + 6 * 8);
    // The next add waits until 48 units of extra charge plus its own have decayed.
    const next = h.call('add', add('XBTUSD'));
    await h.advance(60_000);
    expect(await next).toBe(49_001);
  });

  it('within a line, a higher priority goes first; equal priorities keep their order', async () => {
    const h = harness({ tier: 'pro' });
    for (let index = 0; index < 20; index++) await h.call(`fill${index}`, query());
    const low = h.call('low', query(1, 10));
    const lowToo = h.call('low 2', query(1, 10));
    const high = h.call('high', query(1, 15));
    await h.advance(10_000);
    await Promise.all([low, lowToo, high]);
    // The head sleeping for room steps aside for the higher priority and stays ahead of its equals.
    expect(h.sent.slice(20).map((entry) => entry.label)).toEqual(['high', 'low', 'low 2']);
  });

  it('an amend waits only until its falling, age-based cost fits', async () => {
    const h = harness({ tier: 'starter' });
    await placeOrder(h, 'O1', 'XBTUSD');
    for (let index = 1; index < 60; index++) await h.call(`a${index}`, add('XBTUSD'));
    // Counter 60. The amend of a fresh order costs 4 (<5 s), 3 from 5 s, 2 from 10 s, 1 from 15 s: at 1/s decay
    // it fits when counter + cost ≤ 60: 4 needs 4 s, so it goes at 4 s (+1 ms margin).
    const amendTicket = amend('O1');
    const sent = h.call('amend', amendTicket);
    await h.advance(30_000);
    expect(await sent).toBe(4_001);
    // 60 − 30 s of decay + 4.
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBeCloseTo(34, 6);
  });

  it("normalises pair names so 'XBT/USD' and 'xbtusd' share one counter", async () => {
    const h = harness({ tier: 'pro' });
    await h.call('a', add('XBT/USD'));
    await h.call('b', add('xbtusd'));
    expect(Object.keys(h.limiter.budget().trading)).toEqual(['XBTUSD']);
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(2);
  });
});
