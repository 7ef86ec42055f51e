import { accountIdOf } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors/index.js';
import type { CallStep } from '../src/nonce/types.js';
import { createRateLimiter, DEFAULT_BACKGROUND_RESERVE } from '../src/rate-limit/index.js';
import { PRIORITY, type RateTicket } from '../src/rate-limit/types.js';
import { harness, peek, query } from './support/limiter-harness.js';

// A bot's routine polls take the REST budget as fast as it refills; without a reserve, a one-off call (a restarted
// process's start-up, an order's lookup) waits behind every poll of every process on the key.

const poll = (): RateTicket => ({ ...query(), priority: PRIORITY.background, background: true });

describe('a background poll', () => {
  it('waits while going would leave less than the reserve free; a plain query goes at once', async () => {
    const h = harness({ tier: 'starter', backgroundReserve: 2 }); // REST max 15, decay 0.33/s
    for (let index = 0; index < 13; index++) await h.call(`q${index}`, query());
    // 13 + 1 + 2 > 15: the poll waits; 13 + 1 ≤ 15: the query goes.
    const waiting = h.call('poll', poll());
    expect(await peek(waiting)).toBe('pending');
    expect(await h.call('query', query())).toBe(0);
    await h.advance(20_000);
    expect(await waiting).toBeGreaterThan(0);
    expect(h.limiter.budget().rest.counter).toBeLessThanOrEqual(15 - 2 + 0.01);
  });

  it('steps aside for a query that arrives while it sleeps at the head of the line', async () => {
    const h = harness({ tier: 'starter', backgroundReserve: 2 });
    for (let index = 0; index < 15; index++) await h.call(`q${index}`, query());
    const background = h.call('poll', poll());
    const lookup = h.call('lookup', query());
    await h.advance(60_000);
    await Promise.all([background, lookup]);
    expect(h.sent.slice(-2).map((call) => call.label)).toEqual(['lookup', 'poll']);
  });

  it('charges the shared counter under the max less the reserve', async () => {
    const store = createMemoryStore();
    const account = accountIdOf('a-key');
    const limiter = createRateLimiter({ tier: 'starter', backgroundReserve: 3, store: { store, account } });
    const seen: Array<CallStep | undefined> = [];
    const send = async (admission?: CallStep) => {
      seen.push(admission);
      return 0;
    };
    await limiter.run(poll(), send);
    await limiter.run(query(), send);
    expect(seen.map((step) => step?.charges?.[0]?.max)).toEqual([12, 15]);
  });

  it('is half a unit by default, that leaves room for the history cost, or a ConfigError naming it', () => {
    expect(DEFAULT_BACKGROUND_RESERVE).toBe(0.5);
    expect(() => createRateLimiter({ tier: 'starter', backgroundReserve: 12 })).toThrow(ConfigError);
    expect(() => createRateLimiter({ tier: 'starter', backgroundReserve: -1 })).toThrow(/backgroundReserve/);
    expect(() => createRateLimiter({ tier: 'starter', backgroundReserve: 0 })).not.toThrow();
  });

  it('by default lets a one-off call wait at most half a unit of decay behind polls that keep the counter full', async () => {
    const h = harness({ tier: 'starter' }); // REST max 15, decay 0.33/s
    const { decayPerSecond } = h.limiter.budget().rest;
    // Polls queued faster than the counter refills: they keep it at its plateau.
    const polls = Array.from({ length: 30 }, (_, index) => h.call(`poll${index}`, poll()));
    await h.advance(30_000);
    const asked = h.elapsed();
    expect(h.limiter.budget().rest.counter).toBeLessThanOrEqual(15 - 0.5 + 1e-6);
    const lookup = h.call('lookup', query());
    await h.advance(5_000);
    const sentAt = await lookup;
    expect(sentAt - asked).toBeLessThanOrEqual(Math.ceil((0.5 / decayPerSecond) * 1000) + 1);
    // The polls all went in the end.
    await h.advance(120_000);
    await Promise.all(polls);
    expect(h.sent.filter((call) => call.label.startsWith('poll'))).toHaveLength(30);
  });
});
