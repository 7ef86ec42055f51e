import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../src/faults/faults.js';
import { limitBuy } from './support/orders.js';
import { parseEnvelope, signedRequest } from './support/signer.js';
import { world } from './support/world.js';

const addOrder = (w: ReturnType<typeof world>) =>
  w.exchange.handle(
    signedRequest(w.key, 'AddOrder', limitBuy('0.01', '60000.0', { cl_ord_id: 'fault-probe' })),
  );

describe('faults', () => {
  it('http-5xx answers a non-envelope 5xx and does nothing', () => {
    const w = world();
    w.exchange.faults.add({ kind: 'http-5xx', endpoints: ['AddOrder'], status: 502, times: 1 });
    const response = addOrder(w);
    expect(response.status).toBe(502);
    expect(response.body).not.toMatch(/^\{/);
    expect(w.exchange.account('main').orders.size).toBe(0);
    expect(parseEnvelope(addOrder(w)).error).toEqual([]); // times: 1
  });

  it.each([
    ['service-unavailable', 'EService:Unavailable'],
    ['service-busy', 'EService:Busy'],
  ] as const)('%s answers %s without processing', (kind, code) => {
    const w = world();
    w.exchange.faults.add({ kind, endpoints: 'AddOrder' });
    expect(parseEnvelope(addOrder(w)).error).toEqual([code]);
    expect(w.exchange.account('main').orders.size).toBe(0);
  });

  it("throttled answers EService: Throttled: <unix ts> (Kraken's spacing)", () => {
    const w = world();
    w.exchange.faults.add({ kind: 'throttled' });
    const [error] = parseEnvelope(addOrder(w)).error;
    expect(error).toBe(`EService: Throttled: ${Math.floor(w.clock.now() / 1000) + 1}`);
  });

  it('connection-reset: nothing processed, the adapter drops the connection', () => {
    const w = world();
    w.exchange.faults.add({ kind: 'connection-reset', endpoints: ['AddOrder'] });
    const response = addOrder(w);
    expect(response.drop).toBe('reset');
    expect(w.exchange.account('main').orders.size).toBe(0);
  });

  it('lost-response: the order IS placed, the answer is dropped, and the nonce was used', () => {
    const w = world();
    w.exchange.faults.add({ kind: 'lost-response', endpoints: ['AddOrder'], times: 1 });
    const request = signedRequest(w.key, 'AddOrder', limitBuy('0.01', '60000.0', { cl_ord_id: 'lost-1' }));
    const response = w.exchange.handle(request);
    expect(response.drop).toBe('lost');
    const [order] = [...w.exchange.account('main').orders.values()];
    expect(order?.clOrdId).toBe('lost-1');
    expect(parseEnvelope(w.exchange.handle(request)).error).toEqual(['EAPI:Invalid nonce']); // a blind resend is refused
  });

  it('latency is reported for the adapter to wait; other endpoints are untouched', () => {
    const w = world();
    w.exchange.faults.add({ kind: 'latency', endpoints: ['AddOrder'], latencyMs: 250 });
    expect(addOrder(w).delayMs).toBe(250);
    expect(w.exchange.handle(signedRequest(w.key, 'Balance')).delayMs).toBe(0);
  });

  it('removing a rule stops it; clear() removes them all', () => {
    const w = world();
    const remove = w.exchange.faults.add({ kind: 'service-busy' });
    remove();
    expect(parseEnvelope(addOrder(w)).error).toEqual([]);
    w.exchange.faults.add({ kind: 'service-busy' });
    w.exchange.faults.clear();
    expect(parseEnvelope(w.exchange.handle(signedRequest(w.key, 'Balance'))).error).toEqual([]);
  });

  it('probabilities draw from the seeded stream: same seed, same faults', () => {
    const draws = (seed: string) => {
      const faults = new FaultInjector(seed, [{ kind: 'service-busy', probability: 0.3 }]);
      return Array.from({ length: 200 }, () => faults.decide('AddOrder').terminal !== undefined);
    };
    const a = draws('s');
    expect(draws('s')).toEqual(a);
    expect(draws('t')).not.toEqual(a);
    const hits = a.filter(Boolean).length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it('faults can come from the options, and bad probabilities are refused', () => {
    const w = world({}, { faults: [{ kind: 'service-unavailable', endpoints: ['Balance'] }] });
    expect(parseEnvelope(w.exchange.handle(signedRequest(w.key, 'Balance'))).error).toEqual([
      'EService:Unavailable',
    ]);
    expect(() => w.exchange.faults.add({ kind: 'latency', probability: 2 })).toThrow(RangeError);
  });
});
