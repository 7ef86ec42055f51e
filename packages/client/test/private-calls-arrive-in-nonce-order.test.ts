import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { passthroughLimiter, testKey } from './helpers/fixtures.js';
import { type Stub, startStub } from './helpers/loopback-kraken.js';

let stub: Stub | undefined;
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  await stub?.close();
  client = undefined;
  stub = undefined;
});

/** Answers after a random short delay so responses (and connections) finish in a scrambled order. */
async function balanceAfterJitter(): Promise<{ result: unknown }> {
  await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));
  return { result: { ZUSD: '100.0000' } };
}

describe('private calls of one key', () => {
  it('50 concurrent calls through the Pool transport arrive in nonce order: zero rejections', async () => {
    const key = testKey();
    stub = await startStub({ secret: key.apiSecret, handle: balanceAfterJitter });
    client = createClient({ baseUrl: stub.url, key, rateLimit: { limiter: passthroughLimiter() } });
    const active = client;
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => active.balance()));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(stub.nonceRejections).toBe(0);
    expect(stub.signatureRejections).toBe(0);
    expect(stub.requests).toHaveLength(50);
    expect(stub.maxConcurrent).toBe(1);
  });

  it('two clients of the same key share one lane, so they do not reject each other', async () => {
    const key = testKey();
    stub = await startStub({ secret: key.apiSecret, handle: balanceAfterJitter });
    client = createClient({ baseUrl: stub.url, key, rateLimit: { limiter: passthroughLimiter() } });
    const second = createClient({ baseUrl: stub.url, key, rateLimit: { limiter: passthroughLimiter() } });
    const active = client;
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? active.balance() : second.balance())),
      );
    } finally {
      await second.close();
    }
    expect(stub.nonceRejections).toBe(0);
  });

  it('with a nonce window, calls overlap and the window-tolerant server still rejects none', async () => {
    const nonceWindow = 1_000_000; // 1 s of microsecond nonces
    const key = testKey({ nonceWindow });
    stub = await startStub({ secret: key.apiSecret, handle: balanceAfterJitter, nonceWindow });
    client = createClient({ baseUrl: stub.url, key, rateLimit: { limiter: passthroughLimiter() } });
    const active = client;
    await Promise.all(Array.from({ length: 50 }, () => active.balance()));
    expect(stub.nonceRejections).toBe(0);
    expect(stub.maxConcurrent).toBeGreaterThan(1);
  });
});
