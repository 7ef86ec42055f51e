import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type KrakenClient } from '../src/client.js';
import { KrakenError, OrderNotPlacedError, TransportError } from '../src/errors/index.js';
import { instantTimers, passthroughLimiter, testKey } from './helpers/fixtures.js';
import { type Answer, BASE, type KrakenMock, mockKraken, type SeenRequest } from './helpers/msw-kraken.js';

let mock: KrakenMock | undefined;
let client: KrakenClient | undefined;
afterEach(async () => {
  await client?.close();
  mock?.server.close();
  client = undefined;
  mock = undefined;
});

/** A client on the fetch transport (msw) whose waits are recorded, not slept. */
function setup(answer: (request: SeenRequest) => Answer, retry: { attempts?: number } = {}) {
  const key = testKey();
  const timers = instantTimers();
  mock = mockKraken(key.apiSecret, answer);
  client = createClient({
    baseUrl: BASE,
    fetch: (...args) => fetch(...args),
    key,
    rateLimit: { limiter: passthroughLimiter() },
    timers,
    retry: { reconcileDelayMs: 0, ...retry },
  });
  return { client, mock, timers };
}

/** Answers from a script per endpoint, the last answer repeating. */
function script(answers: Record<string, Answer[]>): (request: SeenRequest) => Answer {
  const used = new Map<string, number>();
  return (request) => {
    const list = answers[request.endpoint] ?? [{ error: ['EGeneral:Unknown method'] }];
    const index = used.get(request.endpoint) ?? 0;
    used.set(request.endpoint, index + 1);
    return list[Math.min(index, list.length - 1)] as Answer;
  };
}

const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '37500', volume: '1.25' } as const;

describe('retries', () => {
  it('retries a read after EService:Unavailable, with a fresh nonce, and returns its result', async () => {
    const { client, mock, timers } = setup(
      script({ Balance: [{ error: ['EService:Unavailable'] }, { result: { ZUSD: '10.0' } }] }),
    );
    await expect(client.balance()).resolves.toEqual({ ZUSD: '10.0' });
    const calls = mock.calls('Balance');
    expect(calls).toHaveLength(2);
    expect(BigInt(calls[1]?.nonce ?? 0)).toBeGreaterThan(BigInt(calls[0]?.nonce ?? 0));
    expect(calls.every((call) => call.signatureValid)).toBe(true);
    expect(timers.waits).toHaveLength(1);
    // Equal jitter with random() = 0.5: three quarters of the first 250 ms step, to the whole millisecond.
    expect(timers.waits[0]).toBe(188);
  });

  it('retries a read after a 5xx or a network failure', async () => {
    const { client, mock } = setup(
      script({ Balance: [{ status: 502, text: 'bad gateway' }, 'network-error', { result: { ZUSD: '1' } }] }),
    );
    await expect(client.balance()).resolves.toEqual({ ZUSD: '1' });
    expect(mock.calls('Balance')).toHaveLength(3);
  });

  it('waits out EService: Throttled until its timestamp before retrying', async () => {
    const throttledUntilSec = Math.floor(Date.now() / 1000) + 5;
    const { client, timers } = setup(
      script({ Balance: [{ error: [`EService: Throttled: ${throttledUntilSec}`] }, { result: {} }] }),
    );
    await client.balance();
    expect(timers.waits[0]).toBeGreaterThanOrEqual(throttledUntilSec * 1000 - Date.now() - 50);
    expect(timers.waits[0]).toBeGreaterThan(3_000);
  });

  it('gives up after the configured attempts and throws the last error', async () => {
    const { client, mock } = setup(script({ Balance: [{ error: ['EGeneral:Internal error'] }] }), {
      attempts: 2,
    });
    await expect(client.balance()).rejects.toMatchObject({ code: 'EGeneral:Internal error' });
    expect(mock.calls('Balance')).toHaveLength(2);
  });

  it('does not retry an error that repeating cannot fix', async () => {
    const { client, mock } = setup(script({ Balance: [{ error: ['EAPI:Invalid key'] }] }));
    await expect(client.balance()).rejects.toBeInstanceOf(KrakenError);
    expect(mock.calls('Balance')).toHaveLength(1);
  });
});

describe('orders are never re-sent', () => {
  it('does NOT retry AddOrder after EService:Unavailable; it looks the order up instead', async () => {
    const { client, mock } = setup(
      script({
        AddOrder: [{ error: ['EService:Unavailable'] }, { result: { txid: ['SHOULD-NOT-HAPPEN'] } }],
        OpenOrders: [{ result: { open: {} } }],
        ClosedOrders: [{ result: { closed: {}, count: 0 } }],
      }),
    );
    const error = await client.addOrder(ORDER).catch((e: unknown) => e);
    // Found absent by the lookup: the outcome is known, and Kraken's answer is kept as the cause.
    expect(error).toBeInstanceOf(OrderNotPlacedError);
    expect((error as OrderNotPlacedError).cause).toBeInstanceOf(KrakenError);
    expect(((error as OrderNotPlacedError).cause as KrakenError).code).toBe('EService:Unavailable');
    expect(mock.calls('AddOrder')).toHaveLength(1);
    const clOrdId = mock.calls('AddOrder')[0]?.params['cl_ord_id'];
    expect(mock.calls('OpenOrders')[0]?.params['cl_ord_id']).toBe(clOrdId);
    expect(mock.calls('ClosedOrders')[0]?.params['cl_ord_id']).toBe(clOrdId);
  });

  it('does not retry or reconcile an AddOrder that Kraken clearly refused', async () => {
    const { client, mock } = setup(script({ AddOrder: [{ error: ['EOrder:Insufficient funds'] }] }));
    await expect(client.addOrder(ORDER)).rejects.toMatchObject({ code: 'EOrder:Insufficient funds' });
    expect(mock.seen.map((r) => r.endpoint)).toEqual(['AddOrder']);
  });

  it('does not retry a cancel on a network failure; the unknown outcome is reported', async () => {
    const { client, mock } = setup(script({ CancelOrder: ['network-error'] }));
    const error = await client.cancelOrder({ txid: 'OABCDE-FGHIJ-KLMNOP' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('unknown');
    expect(mock.calls('CancelOrder')).toHaveLength(1);
  });
});
