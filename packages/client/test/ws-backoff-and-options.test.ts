import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, ValidationError } from '../src/errors/index.js';
import { backoffDelay } from '../src/ws/backoff.js';
import { createWsClient } from '../src/ws/client.js';
import { resolveWsOptions } from '../src/ws/client-options.js';
import { encodeRequest, WireDecimal } from '../src/ws/encode.js';

describe('reconnect backoff', () => {
  it('stays within [step/2, step] of a capped exponential step, whatever the jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseDelayMs, maxDelayMs, r) => {
          const delay = backoffDelay(attempt, { baseDelayMs, maxDelayMs }, () => r);
          const step = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 64));
          expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2));
          expect(delay).toBeLessThanOrEqual(Math.ceil(step));
        },
      ),
    );
  });

  it('grows with the attempt number until the cap', () => {
    const delays = [0, 1, 2, 3, 10].map((attempt) =>
      backoffDelay(attempt, { baseDelayMs: 100, maxDelayMs: 1_000 }, () => 0.999),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1000]);
  });
});

describe('client options', () => {
  it('defaults to Kraken’s v2 endpoints', () => {
    const options = resolveWsOptions({});
    expect(options.url).toBe('wss://ws.kraken.com/v2');
    expect(options.authUrl).toBe('wss://ws-auth.kraken.com/v2');
    expect(options.heartbeatTimeoutMs).toBeGreaterThan(options.pingIntervalMs);
  });

  it('reports every bad option at once', () => {
    const error = (() => {
      try {
        resolveWsOptions({ url: 'http://x', heartbeatTimeoutMs: -1, pingIntervalMs: 50_000 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
      'url',
      'heartbeatTimeoutMs',
      'pingIntervalMs',
    ]);
  });

  it('refuses a resync budget or known precisions a book cannot be kept with, naming each', () => {
    const error = (() => {
      try {
        resolveWsOptions({
          resyncBudget: { maxResyncs: 1.5, windowMs: 0 },
          precision: {
            'BTC/USD': { price: 1, qty: 8 },
            'ETH/USD': { price: -1, qty: 8 },
            'XRP/USD': { price: 2.5, qty: 8 },
            'SOL/USD': null as unknown as { price: number; qty: number },
          },
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
      'resyncBudget.maxResyncs',
      'resyncBudget.windowMs',
      'precision.ETH/USD',
      'precision.XRP/USD',
      'precision.SOL/USD',
    ]);
    expect(resolveWsOptions({ precision: { 'BTC/USD': { price: 1, qty: 8 } } }).precision).toEqual({
      'BTC/USD': { price: 1, qty: 8 },
    });
  });

  it('validates subscribe requests before anything is sent', async () => {
    const client = createWsClient({ url: 'ws://127.0.0.1:9/v2' });
    expect(() => client.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 7 as 10 })).toThrow(
      ValidationError,
    );
    expect(() => client.subscribe({ channel: 'ohlc', symbol: ['BTC/USD'], interval: 2 as 1 })).toThrow(
      /interval/,
    );
    expect(() => client.subscribe({ channel: 'ticker', symbol: [] })).toThrow(/from 1 to/);
    expect(() => client.subscribe({ channel: 'nope' } as never)).toThrow(/channel/);
    expect(() => client.subscribe({ channel: 'trade', symbol: ['BTC/USD'], depht: 10 } as never)).toThrow(
      /depht/,
    );
    await client.close();
  });
});

describe('request encoding', () => {
  it('writes decimals as bare JSON numbers from their exact text, and refuses float money', () => {
    expect(
      encodeRequest(
        'add_order',
        { order_qty: new WireDecimal('0.00100000'), symbol: 'BTC/USD', skip: undefined },
        3,
      ),
    ).toBe('{"method":"add_order","params":{"order_qty":0.00100000,"symbol":"BTC/USD"},"req_id":3}');
    expect(() => encodeRequest('add_order', { order_qty: 0.1 })).toThrow(/non-integer/);
  });
});
