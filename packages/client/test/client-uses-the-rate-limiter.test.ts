import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { RateLimitError } from '../src/errors/index.js';
import { createRateLimiter } from '../src/rate-limit/index.js';
import { testKey } from './helpers/fixtures.js';
import { BASE, type KrakenMock, mockKraken } from './helpers/msw-kraken.js';

let mock: KrakenMock | undefined;
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  mock?.server.close();
  client = undefined;
  mock = undefined;
});

describe('the default rate limiter', () => {
  it('is built for the starter tier unless told otherwise, and charges private calls', async () => {
    const key = testKey();
    mock = mockKraken(key.apiSecret, () => ({ result: {} }));
    client = createClient({ baseUrl: BASE, fetch: (...args) => fetch(...args), key });
    expect(client.rateBudget().rest.max).toBe(15);
    await client.balance();
    expect(client.rateBudget().rest.counter).toBeGreaterThan(0.9);
  });

  it('in fail-fast mode refuses the call that would break the REST budget, without sending it', async () => {
    const key = testKey();
    mock = mockKraken(key.apiSecret, () => ({ result: {} }));
    client = createClient({
      baseUrl: BASE,
      fetch: (...args) => fetch(...args),
      key,
      tier: 'intermediate',
      rateLimit: { mode: 'fail-fast' },
    });
    expect(client.rateBudget().rest.max).toBe(20);
    const active = client;
    const outcomes = await Promise.allSettled(Array.from({ length: 21 }, () => active.balance()));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(RateLimitError);
    expect(mock.calls('Balance')).toHaveLength(20);
  });

  it('snaps its counter to the cap when Kraken answers EAPI:Rate limit exceeded', async () => {
    const key = testKey();
    mock = mockKraken(key.apiSecret, () => ({ error: ['EAPI:Rate limit exceeded'] }));
    client = createClient({
      baseUrl: BASE,
      fetch: (...args) => fetch(...args),
      key,
      rateLimit: { mode: 'fail-fast' },
      retry: { attempts: 1 },
    });
    await expect(client.balance()).rejects.toMatchObject({ code: 'EAPI:Rate limit exceeded' });
    expect(client.rateBudget().rest.counter).toBeGreaterThan(14.9);
  });

  it('in fail-fast mode refuses a background call that would eat into the reserve, and lets a plain call use it', async () => {
    const key = testKey();
    mock = mockKraken(key.apiSecret, () => ({ result: {} }));
    // The limiter's clock stands still: no decay, so the count is exactly the calls made.
    const frozen = Date.now();
    const limiter = createRateLimiter({ tier: 'intermediate', mode: 'fail-fast', now: () => frozen });
    client = createClient({ baseUrl: BASE, fetch: (...args) => fetch(...args), key, rateLimit: { limiter } });
    const active = client;
    for (let call = 0; call < 19; call += 1) await active.balance();
    // 19 + 1 + the reserve of 1 > 20: the poll is refused; the plain call takes the last unit.
    await expect(active.balance({}, { background: true })).rejects.toBeInstanceOf(RateLimitError);
    await expect(active.balance()).resolves.toBeDefined();
    expect(mock.calls('Balance')).toHaveLength(20);
  });

  it('in wait mode refuses a failFast call that would have to wait, sending and charging nothing', async () => {
    const key = testKey();
    mock = mockKraken(key.apiSecret, () => ({ result: {} }));
    let now = Date.now();
    const limiter = createRateLimiter({ tier: 'intermediate', now: () => now });
    client = createClient({ baseUrl: BASE, fetch: (...args) => fetch(...args), key, rateLimit: { limiter } });
    const active = client;
    for (let call = 0; call < 20; call += 1) await active.balance();
    const refused = await active.balance({}, { failFast: true }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitError);
    expect(refused).toMatchObject({ counter: 'rest' });
    expect(mock.calls('Balance')).toHaveLength(20);
    expect(client.rateBudget().rest.counter).toBe(20);
    // With room again (two seconds of decay), it goes at once like any call.
    now += 2_000;
    await expect(active.balance({}, { failFast: true })).resolves.toBeDefined();
    expect(mock.calls('Balance')).toHaveLength(21);
  });
});
