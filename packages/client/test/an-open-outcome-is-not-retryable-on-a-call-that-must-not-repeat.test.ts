import { createClient, type KrakenClient, KrakenError } from '@krakenkit/client';
import { afterEach, describe, expect, it } from 'vitest';
import { instantTimers, passthroughLimiter, testKey } from './helpers/fixtures.js';
import { BASE, type KrakenMock, mockKraken } from './helpers/msw-kraken.js';

// `EService:Unavailable` may have taken effect. On a read, repeating is harmless and the error says `retryable`;
// on a withdrawal (or an edit, an amend) repeating could do it twice, so the same error must not invite it.

let mock: KrakenMock | undefined;
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  mock?.server.close();
  client = mock = undefined;
});

function unavailableEverywhere() {
  const key = testKey();
  mock = mockKraken(key.apiSecret, () => ({ error: ['EService:Unavailable'] }));
  client = createClient({
    baseUrl: BASE,
    fetch: (...args) => fetch(...args),
    key,
    rateLimit: { limiter: passthroughLimiter() },
    timers: instantTimers(),
    retry: { attempts: 2 },
  });
  return { client, mock };
}

describe('an error that leaves the outcome open', () => {
  it('is not retryable on a withdrawal, which is sent once', async () => {
    const { client, mock } = unavailableEverywhere();
    const error = await client
      .withdraw({ asset: 'XBT', key: 'cold', amount: '0.1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KrakenError);
    expect(error).toMatchObject({ code: 'EService:Unavailable', ambiguous: true, retryable: false });
    expect(mock.calls('Withdraw')).toHaveLength(1);
  });

  it('stays retryable on a read, which the client repeated', async () => {
    const { client, mock } = unavailableEverywhere();
    const error = await client.balance().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EService:Unavailable', ambiguous: true, retryable: true });
    expect(mock.calls('Balance')).toHaveLength(2);
  });

  it('is classified the same when built directly: not retryable only for a call marked not idempotent', () => {
    expect(new KrakenError(['EService:Unavailable'], 'EditOrder', { idempotent: false }).retryable).toBe(
      false,
    );
    expect(new KrakenError(['EService:Unavailable'], 'Balance').retryable).toBe(true);
    // A definite refusal stays as it was: nothing happened, and a rate limit passes.
    expect(new KrakenError(['EAPI:Rate limit exceeded'], 'Withdraw', { idempotent: false }).retryable).toBe(
      true,
    );
  });
});
