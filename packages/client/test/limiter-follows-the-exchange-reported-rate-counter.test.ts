import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors/index.js';
import { createRateLimiter } from '../src/rate-limit/limiter.js';
import type { RateTicket } from '../src/rate-limit/types.js';
import { add, cancel, harness, peek, placeOrder } from './support/limiter-harness.js';

// The exchange's own count of a pair's matching-engine counter (`ratecount` of the WebSocket v2 executions feed,
// subscribed with `ratecounter: true`) is the truth: the limiter takes it, up or down, adding only its own charges
// the report may not include yet (younger than `rateCounterLagMs`, default 2 s, or still unanswered). After
// `EOrder:Rate limit exceeded` it re-syncs from the reports; without any, it takes the counter to be full.

const RATE_LIMITED = { ok: false, errorCode: 'EOrder:Rate limit exceeded' } as const;
const counterOf = (h: ReturnType<typeof harness>, pair = 'XBTUSD') =>
  h.limiter.budget().trading[pair]?.counter;

describe('reports of the exchange counter', () => {
  it('lower the local counter when the exchange counts less (charges older than the lag are covered)', async () => {
    const h = harness({ tier: 'starter' });
    for (let index = 0; index < 60; index++) {
      const ticket = add('XBTUSD');
      await h.call(`a${index}`, ticket);
      h.limiter.observe(ticket, { ok: true });
    }
    await h.advance(2_000);
    expect(counterOf(h)).toBeCloseTo(58, 6);
    // The exchange counted fewer (some adds were refused by validation elsewhere, say): 30 is the truth.
    h.limiter.observeRateCounter('XBT/USD', 30);
    expect(counterOf(h)).toBe(30);
    expect(await h.call('now', add('XBTUSD'))).toBe(2_000);
  });

  it('raise it when the exchange counts more (orders placed by another process or the website)', async () => {
    const h = harness({ tier: 'starter' });
    await h.call('a', add('XBTUSD'));
    h.limiter.observeRateCounter('XBTUSD', 59.5);
    // The add is younger than the lag: it may not be in the report yet, so it is counted on top.
    expect(counterOf(h)).toBe(60.5);
    const waiting = h.call('b', add('XBTUSD'));
    expect(await peek(waiting)).toBe('pending');
    await h.advance(5_000);
    expect(await waiting).toBe(1_501);
  });

  it('add on top the charges still in flight, however old', async () => {
    const h = harness({ tier: 'starter', rateCounterLagMs: 500 });
    const unanswered = add('XBTUSD');
    await h.call('in flight', unanswered);
    const answered = add('XBTUSD');
    await h.call('answered', answered);
    h.limiter.observe(answered, { ok: true });
    await h.advance(1_000);
    h.limiter.observeRateCounter('XBTUSD', 10);
    expect(counterOf(h)).toBe(11);
    h.limiter.observe(unanswered, { ok: true });
    h.limiter.observeRateCounter('XBTUSD', 10);
    expect(counterOf(h)).toBe(10);
  });

  it('that are not a finite number ≥ 0 are ignored', async () => {
    const h = harness({ tier: 'starter' });
    await h.call('a', add('XBTUSD'));
    for (const value of [Number.NaN, -1, Number.POSITIVE_INFINITY])
      h.limiter.observeRateCounter('XBTUSD', value);
    expect(counterOf(h)).toBe(1);
  });

  it('the lag must be a finite number of ms', () => {
    expect(() => createRateLimiter({ tier: 'starter', rateCounterLagMs: -1 })).toThrow(ConfigError);
  });
});

describe('after EOrder:Rate limit exceeded', () => {
  it('without reports: the refused call is refunded, and the counter taken to be full (the fallback)', async () => {
    const h = harness({ tier: 'starter' });
    await placeOrder(h, 'O1', 'XBTUSD');
    for (let index = 1; index < 58; index++) await h.call(`a${index}`, add('XBTUSD'));
    const urgentCancel: RateTicket = { ...cancel('O1'), urgent: true };
    await h.call('urgent', urgentCancel);
    expect(counterOf(h)).toBe(66);
    h.limiter.observe(urgentCancel, RATE_LIMITED);
    // Kraken charged nothing for the refused cancel (66 − 8 = 58), and said the counter is too full for it.
    expect(counterOf(h)).toBe(60);
  });

  it('with reports: re-synced from them, at least the threshold less the refused cost', async () => {
    const h = harness({ tier: 'starter' });
    await placeOrder(h, 'O1', 'XBTUSD');
    await h.advance(3_000);
    h.limiter.observeRateCounter('XBTUSD', 53.5);
    const urgentCancel: RateTicket = { ...cancel('O1'), urgent: true };
    await h.call('urgent', urgentCancel);
    expect(counterOf(h)).toBe(61.5);
    h.limiter.observe(urgentCancel, RATE_LIMITED);
    // The report (53.5) says more room than "full", but the refusal says the counter is above 60 − 8 = 52.
    expect(counterOf(h)).toBe(53.5);
    expect(await h.call('add', add('XBTUSD'))).toBe(3_000);
  });

  it('with reports: never below what the refusal proves', async () => {
    const h = harness({ tier: 'starter' });
    await placeOrder(h, 'O1', 'XBTUSD');
    await h.advance(3_000);
    h.limiter.observeRateCounter('XBTUSD', 20);
    const urgentCancel: RateTicket = { ...cancel('O1'), urgent: true };
    await h.call('urgent', urgentCancel);
    h.limiter.observe(urgentCancel, RATE_LIMITED);
    expect(counterOf(h)).toBe(52);
  });
});
