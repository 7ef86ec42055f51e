import { describe, expect, it } from 'vitest';
import { ConfigError, RateLimitError } from '../src/errors/index.js';
import { createRateLimiter } from '../src/rate-limit/limiter.js';
import type { RateTicket } from '../src/rate-limit/types.js';
import { add, cancel, cancelAll, deadMan, harness, peek, placeOrder } from './support/limiter-harness.js';

// Whether Kraken accepts a SINGLE cancel over the matching-engine threshold is unconfirmed (its docs name only batch
// cancels): by default the limiter holds a single cancel until it fits, ahead of the pair's waiting adds. A cancel
// marked urgent, a batch cancel, CancelAll and the dead man's switch still go at once, and are charged.

const urgent = (ticket: RateTicket): RateTicket => ({ ...ticket, urgent: true });

/** Starter (threshold 60, −1/s): order O1 placed at 0, then adds until the XBTUSD counter is exactly 60. */
async function fullStarter(options: Parameters<typeof harness>[0] = {}) {
  const h = harness({ tier: 'starter', ...options });
  await placeOrder(h, 'O1', 'XBTUSD');
  for (let index = 1; index < 60; index++) await h.call(`a${index}`, add('XBTUSD'));
  expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(60);
  return h;
}

describe('single cancels over the threshold (default: Kraken is taken to reject them)', () => {
  it('the default is rejected', () => {
    expect(createRateLimiter({ tier: 'pro' }).singleCancelOverThreshold).toBe('rejected');
  });

  it('a single cancel waits exactly until its falling, age-based cost fits, and is charged that cost', async () => {
    const h = await fullStarter();
    const waiting = h.call('cancel', cancel('O1'));
    expect(await peek(waiting)).toBe('pending');
    await h.advance(10_000);
    // +8 under 5 s would need 8 s of decay; from 5 s it costs +6, which fits at 6 s (+1 ms margin).
    expect(await waiting).toBe(6_001);
    // Charged +6 at 6.001 s (60 − 6.001 + 6 = 59.999), then decayed to 10 s.
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBeCloseTo(56, 6);
  });

  it('a held cancel goes before the adds waiting in its line, even one already waiting at the head', async () => {
    const h = await fullStarter();
    const firstAdd = h.call('add 1', add('XBTUSD'));
    const secondAdd = h.call('add 2', add('XBTUSD'));
    await h.advance(100);
    const held = h.call('cancel', cancel('O1'));
    await h.advance(20_000);
    await Promise.all([firstAdd, secondAdd, held]);
    expect(h.sent.slice(60).map((entry) => entry.label)).toEqual(['cancel', 'add 1', 'add 2']);
    expect(await held).toBe(6_001);
    // After the cancel the counter is 59.999: each add waits for its own unit, 1 s apart.
    expect(await firstAdd).toBe(7_001);
    expect(await secondAdd).toBe(8_001);
  });

  it('an urgent single cancel is sent at once and charged, over the threshold', async () => {
    const h = await fullStarter();
    expect(await h.call('cancel', urgent(cancel('O1')))).toBe(0);
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(68);
  });

  it('batch cancels, CancelAll and the dead man switch are never held, and are charged', async () => {
    const h = await fullStarter();
    await h.call('later', add('ETHUSD'));
    h.limiter.observe(add('ETHUSD'), { ok: true, created: [{ id: 'O2', pair: 'ETHUSD' }] });
    expect(await h.call('batch', cancel('O1', 'unknown'))).toBe(0);
    // O1 is fresh (+8) and the unknown order is charged the worst case (+8).
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(76);
    expect(await h.call('all', cancelAll())).toBe(0);
    expect(await h.call('dead man', deadMan())).toBe(0);
  });

  it('in fail-fast mode a single cancel over the threshold throws RateLimitError; an urgent one goes', async () => {
    const h = await fullStarter({ mode: 'fail-fast' });
    const error = await h.call('cancel', cancel('O1')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ counter: 'trading', waitMs: 6_001 });
    expect((error as Error).message).toMatch(/CancelOrder would pass the matching-engine threshold 60/);
    expect(h.sent).toHaveLength(60);
    expect(await h.call('urgent', urgent(cancel('O1')))).toBe(0);
  });

  it('a single cancel that fits is sent at once', async () => {
    const h = harness({ tier: 'starter' });
    await placeOrder(h, 'O1', 'XBTUSD');
    for (let index = 1; index < 52; index++) await h.call(`a${index}`, add('XBTUSD'));
    expect(await h.call('cancel', cancel('O1'))).toBe(0);
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(60);
  });
});

describe('single cancels accepted over the threshold (the setting)', () => {
  it('are sent at once and charged, as batch cancels', async () => {
    const h = await fullStarter({ singleCancelOverThreshold: 'accepted' });
    expect(await h.call('cancel', cancel('O1'))).toBe(0);
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(68);
  });

  it('an unknown value is a ConfigError naming the option', () => {
    expect(() =>
      createRateLimiter({ tier: 'starter', singleCancelOverThreshold: 'sometimes' as 'accepted' }),
    ).toThrow(ConfigError);
    expect(() =>
      createRateLimiter({ tier: 'starter', singleCancelOverThreshold: 'sometimes' as 'accepted' }),
    ).toThrow(/singleCancelOverThreshold.*expected rejected\|accepted/);
  });
});
