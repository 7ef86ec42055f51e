import { accountIdOf } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import { afterEach, describe, expect, it } from 'vitest';
import { testKey } from './helpers/fixtures.js';
import { type Stub, type StubRequest, startStub } from './helpers/loopback-kraken.js';
import { KrakenRateModel } from './support/kraken-rate-model.js';
import { type ClientProcess, startProcess } from './support/separate-processes.js';

type Client = ReturnType<ClientProcess['client']['createClient']>;

let stub: Stub | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await stub?.close();
  stub = undefined;
});

// A small, fast-decaying REST counter so the test takes seconds, with Kraken's rule (c + cost ≤ max on arrival).
const REST = { max: 5, decayPerSecond: 5 };
const PROCESSES = 3;
const CALLS_EACH = 6;

interface Exchange {
  stub: Stub;
  /** Which process each accepted call came from, in arrival order. */
  accepted: string[];
  rateLimitRejections: number;
  /** The highest the key's REST counter got. */
  peak: number;
}

/** A stub that keeps the key's REST counter as Kraken does and answers `EAPI:Rate limit exceeded` past its max. */
async function exchangeWithRestCounter(secret: string): Promise<Exchange> {
  const model = new KrakenRateModel(
    { rest: REST, trading: { threshold: 60, decayPerSecond: 1, maxOpenOrdersPerPair: 60 } },
    4,
  );
  const exchange: Exchange = {
    stub: undefined as unknown as Stub,
    accepted: [],
    rateLimitRejections: 0,
    peak: 0,
  };
  const handle = (request: StubRequest) => {
    const now = Date.now();
    const answer = model.submit({ kind: 'query', cost: 1 }, now);
    if (!answer.ok) {
      exchange.rateLimitRejections += 1;
      return { error: [answer.error] };
    }
    exchange.peak = Math.max(exchange.peak, model.restValue(now));
    exchange.accepted.push(String(request.headers['user-agent']));
    return { result: { ZUSD: '100.0000' } };
  };
  exchange.stub = await startStub({ secret, handle });
  stub = exchange.stub;
  return exchange;
}

/** PROCESSES processes on one key, each with a limiter built for REST (shared through `store` when given). */
async function startProcesses(
  url: string,
  key: ReturnType<typeof testKey>,
  share: boolean,
): Promise<Client[]> {
  const store = createMemoryStore();
  const account = accountIdOf(key.apiKey);
  const started: Client[] = [];
  for (let index = 0; index < PROCESSES; index += 1) {
    const process = await startProcess();
    const limiter = process.rateLimit.createRateLimiter({
      tier: 'starter',
      limits: { rest: REST },
      ...(share ? { store: { store, account } } : {}),
    });
    const client = process.client.createClient({
      baseUrl: url,
      key,
      userAgent: `process-${index}`,
      rateLimit: { limiter },
      // One try per call, so the counts below are of calls, not of retries.
      retry: { attempts: 1 },
      ...(share ? { store: { store } } : {}),
    });
    clients.push(client);
    started.push(client);
  }
  return started;
}

function fire(started: readonly Client[]): Promise<PromiseSettledResult<unknown>[]> {
  const calls: Promise<unknown>[] = [];
  for (let call = 0; call < CALLS_EACH; call += 1) for (const client of started) calls.push(client.balance());
  return Promise.allSettled(calls);
}

describe("several processes on one key and Kraken's REST counter", () => {
  it('sharing it through a store, they never pass the max together, and every process gets its share', async () => {
    const key = testKey();
    const exchange = await exchangeWithRestCounter(key.apiSecret);
    const results = await fire(await startProcesses(exchange.stub.url, key, true));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(exchange.rateLimitRejections).toBe(0);
    expect(exchange.stub.nonceRejections).toBe(0);
    // They used the budget: the burst took the counter near its max (not a third of it each)...
    expect(exchange.peak).toBeGreaterThan(REST.max - 2);
    // ...and nobody starved: every process had calls in the first half of the arrivals, not only at the end.
    const firstHalf = new Set(exchange.accepted.slice(0, exchange.accepted.length / 2));
    expect(firstHalf.size).toBe(PROCESSES);
  });

  it('each with its own counter, the same processes overrun the key (the check above can fail)', async () => {
    const key = testKey();
    const exchange = await exchangeWithRestCounter(key.apiSecret);
    await fire(await startProcesses(exchange.stub.url, key, false));
    expect(exchange.rateLimitRejections).toBeGreaterThan(0);
  });

  it('ClientOptions.store charges the default limiter’s REST calls in the store', async () => {
    const key = testKey();
    const exchange = await exchangeWithRestCounter(key.apiSecret);
    // The store's clock stands still, so nothing decays between the calls and the look at the counter.
    const frozen = Date.now();
    const store = createMemoryStore({ now: () => frozen });
    for (let index = 0; index < 2; index += 1) {
      const process = await startProcess();
      const client = process.client.createClient({ baseUrl: exchange.stub.url, key, store: { store } });
      clients.push(client);
      await client.balance();
      await client.balance();
    }
    // Four calls of cost 1 from two processes, in the key's account (plus what each call's flight put back).
    const level = await store.counterLevel(accountIdOf(key.apiKey), 'rest', 0.33);
    expect(level).toBeGreaterThanOrEqual(4);
    expect(level).toBeLessThanOrEqual(8);
  });
});
