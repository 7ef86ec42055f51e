import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../src/errors/index.js';
import { Throttle } from '../src/rate-limit/throttle.js';
import { add, cancel, harness, peek, placeOrder, publicCall, query } from './support/limiter-harness.js';

describe('EService: Throttled: <ts>', () => {
  it('sends nothing private before <ts>, then releases cancels, orders and queries in that order', async () => {
    const h = harness({ tier: 'pro' });
    await placeOrder(h, 'O1', 'XBTUSD');
    const until = Math.ceil((h.clock.now() + 5_000) / 1000); // a UNIX timestamp in seconds, as Kraken sends it
    const throttled = query();
    await h.call('balance', throttled);
    h.limiter.observe(throttled, { ok: false, errorCode: `EService: Throttled: ${until}` });
    expect(h.limiter.budget().throttledUntil).toBe(until * 1000);

    const waiting = [h.call('query', query()), h.call('add', add('ETHUSD')), h.call('cancel', cancel('O1'))];
    expect(await peek(waiting[0]!)).toBe('pending');
    expect(await h.call('ticker', publicCall())).toBe(0);
    await h.advance(10_000);
    const release = until * 1000 - h.start;
    expect(await Promise.all(waiting)).toEqual([release, release, release]);
    expect(h.sent.slice(-3).map((entry) => entry.label)).toEqual(['cancel', 'add', 'query']);
    expect(h.limiter.budget().throttledUntil).toBeUndefined();
  });

  it('fails fast with the wait when the limiter is told not to wait', async () => {
    const h = harness({ tier: 'pro', mode: 'fail-fast' });
    const ticket = query();
    h.limiter.observe(ticket, {
      ok: false,
      errorCode: `EService:Throttled:${(h.clock.now() + 2_500) / 1000}`,
    });
    const error = await h.call('balance', query()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ counter: 'throttle', waitMs: 2_500, code: 'KRAKENKIT_RATE_LIMITED' });
  });

  it('holds for a fallback second when the timestamp is missing, and never shortens a hold', () => {
    const throttle = new Throttle();
    expect(throttle.observe('EService:Throttled', 1_000)).toBe(true);
    expect(throttle.waitMs(1_000)).toBe(1_000);
    throttle.holdUntil(1_500);
    expect(throttle.activeUntil(1_000)).toBe(2_000);
    expect(throttle.observe('EAPI:Rate limit exceeded', 1_000)).toBe(false);
    expect(throttle.waitMs(2_000)).toBe(0);
  });
});
