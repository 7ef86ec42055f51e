import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../src/errors/index.js';
import { createRateLimiter } from '../src/rate-limit/limiter.js';
import { add, batchAdd, harness, peek, query } from './support/limiter-harness.js';

// A call that fits, with nobody waiting in its line, is charged and handed to `send` within `run` itself: no promise
// turn, no queue. That shortcut must never let a call pass one already waiting in its line, even when the newcomer
// alone would fit, and `run` must still report every failure as a rejection, never a throw.

describe('a call that may go at once', () => {
  it('is handed to send before run returns, in wait mode and in fail-fast mode', async () => {
    for (const mode of ['wait', 'fail-fast'] as const) {
      const limiter = createRateLimiter({ tier: 'pro', mode, now: () => 1_700_000_000_000 });
      const sent: string[] = [];
      const order = limiter.run(add('XBTUSD'), async () => {
        sent.push('add');
        return 'order answer';
      });
      const balance = limiter.run(query(), async () => {
        sent.push('balance');
        return 'balance answer';
      });
      expect(sent).toEqual(['add', 'balance']);
      expect(await order).toBe('order answer');
      expect(await balance).toBe('balance answer');
      expect(limiter.budget().trading['XBTUSD']?.counter).toBe(1);
      expect(limiter.budget().rest.counter).toBe(1);
    }
  });

  it("waits behind an add waiting for its pair's counter, though it would fit alone", async () => {
    const h = harness({ tier: 'starter' });
    for (let index = 0; index < 58; index++) await h.call(`a${index}`, add('XBTUSD'));
    // 58 + 3 > 60: the batch waits for 1 unit to decay (1/s). A single add (58 + 1) would fit now.
    const batch = h.call('batch of 6', batchAdd('XBTUSD', 6));
    const single = h.call('single add', add('XBTUSD'));
    expect(await peek(batch)).toBe('pending');
    expect(await peek(single)).toBe('pending');
    await h.advance(5_000);
    expect(await batch).toBe(1_001);
    expect(await single).toBe(1_001 + 1_000);
    expect(h.sent.slice(-2).map((call) => call.label)).toEqual(['batch of 6', 'single add']);
  });

  it('waits behind a query waiting for the REST counter, though it would fit alone', async () => {
    const h = harness({ tier: 'starter' });
    for (let index = 0; index < 14; index++) await h.call(`q${index}`, query());
    // 14 + 4 > 15: the history call waits. A plain query (14 + 1) would fit now.
    const history = h.call('ledgers', query('history'));
    const balance = h.call('balance', query());
    expect(await peek(balance)).toBe('pending');
    await h.advance(30_000);
    const [historyAt, balanceAt] = [await history, await balance];
    expect(historyAt).toBeGreaterThan(0);
    expect(balanceAt).toBeGreaterThanOrEqual(historyAt);
    expect(h.sent.slice(-2).map((call) => call.label)).toEqual(['ledgers', 'balance']);
  });

  it("goes at once on another pair's line while one pair's line has a call waiting", async () => {
    const h = harness({ tier: 'starter' });
    for (let index = 0; index < 60; index++) await h.call(`a${index}`, add('XBTUSD'));
    const waiting = h.call('xbt', add('XBTUSD'));
    let sent = false;
    const other = h.limiter.run(add('ETHUSD'), async () => {
      sent = true;
      return 0;
    });
    expect(sent).toBe(true);
    expect(await other).toBe(0);
    expect(await peek(waiting)).toBe('pending');
    await h.advance(2_000);
    expect(await waiting).toBe(1_001);
  });
});

describe('run reports failures as rejections, never throws', () => {
  it('an aborted signal, a send that throws at once, and a fail-fast refusal all reject', async () => {
    const limiter = createRateLimiter({ tier: 'starter', mode: 'fail-fast' });
    const aborted = AbortSignal.abort(new Error('caller gave up'));
    let sends = 0;
    const send = async () => {
      sends += 1;
      return 'sent';
    };
    const refusedBySignal = limiter.run(add('XBTUSD'), send, aborted);
    await expect(refusedBySignal).rejects.toThrow('caller gave up');
    const throwing = limiter.run(add('XBTUSD'), () => {
      throw new Error('transport broke before its promise');
    });
    await expect(throwing).rejects.toThrow('transport broke before its promise');
    for (let index = 1; index < 60; index++) await limiter.run(add('XBTUSD'), send);
    const refusedByBudget = limiter.run(add('XBTUSD'), send);
    await expect(refusedByBudget).rejects.toBeInstanceOf(RateLimitError);
    expect(sends).toBe(59);
  });
});
