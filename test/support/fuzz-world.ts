import { randomBytes } from 'node:crypto';
import { type AssetPairsResult, createClient, type KrakenClient } from '@krakenkit/client';
import type { RateLimiter } from '@krakenkit/client/rate-limit';
import type { Transport, TransportRequest } from '@krakenkit/client/transport';
import { createGuard, type Guard, type GuardedClient, guardClient } from '@krakenkit/guard';
import { ManualClock, MockExchange, mockTransport } from '@krakenkit/mock-exchange';

/** A transport in front of the mock exchange that records every request handed to it: reaching it is "sending". */
export interface RecordingTransport extends Transport {
  readonly requests: TransportRequest[];
}

export function recordingTransport(exchange: MockExchange): RecordingTransport {
  const inner = mockTransport(exchange);
  const requests: TransportRequest[] = [];
  return {
    requests,
    send(request) {
      requests.push(request);
      return inner.send(request);
    },
  };
}

/** Sends at once: rate limits are not the subject here and must not make a case slow. */
const sendAtOnce: RateLimiter = {
  run: (_ticket, send) => send(),
  observe: () => {},
  budget: () => ({ rest: { counter: 0, max: 1, decayPerSecond: 1 }, trading: {}, throttledUntil: undefined }),
};

const PERMISSIONS = [
  'funds_query',
  'funds_withdraw',
  'trades_query_open',
  'trades_query_closed',
  'trades_modify',
  'trades_close',
  'ledger_query',
] as const;

/** A mock exchange with one rich account, the real client on a recording transport, and the guarded client. */
export interface FuzzWorld {
  exchange: MockExchange;
  transport: RecordingTransport;
  client: KrakenClient;
  guard: Guard;
  guarded: GuardedClient<KrakenClient>;
  assetPairs: AssetPairsResult;
  /** A second account's key for hand-built (signed) requests, so its nonces never race the client's. */
  rawKey: { apiKey: string; apiSecret: string };
  close(): Promise<void>;
}

export async function fuzzWorld(): Promise<FuzzWorld> {
  const clock = new ManualClock();
  const apiKey = `fuzz-${randomBytes(6).toString('hex')}`;
  const apiSecret = randomBytes(64).toString('base64');
  const rawKey = {
    apiKey: `fuzz-raw-${randomBytes(6).toString('hex')}`,
    apiSecret: randomBytes(64).toString('base64'),
  };
  const exchange = new MockExchange({
    seed: 'fuzz',
    clock,
    pairs: ['XXBTZUSD', 'XETHZUSD'],
    accounts: [
      {
        id: 'fuzz',
        tier: 'intermediate',
        apiKey,
        apiSecret,
        balances: { ZUSD: '10000000', XXBT: '100', XETH: '1000' },
      },
      { id: 'fuzz-raw', tier: 'intermediate', ...rawKey, balances: { ZUSD: '1000000', XXBT: '10' } },
    ],
  });
  const transport = recordingTransport(exchange);
  const client = createClient({
    key: { name: 'fuzz', apiKey, apiSecret, permissions: [...PERMISSIONS] },
    tier: 'intermediate',
    transport,
    rateLimit: { limiter: sendAtOnce },
    retry: { attempts: 1, reconcileDelayMs: 0, baseDelayMs: 1 },
  });
  const assetPairs = await client.assetPairs();
  const guard = createGuard(
    { tier: 'intermediate', assetPairs },
    { openPositions: {}, openOrders: { open: {} } },
    { clock: () => clock.now() },
  );
  transport.requests.length = 0;
  return {
    exchange,
    transport,
    client,
    guard,
    guarded: guardClient(client, guard),
    assetPairs,
    rawKey,
    close: () => client.close(),
  };
}
