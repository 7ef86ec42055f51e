import { randomBytes } from 'node:crypto';
import { startMockExchange } from '@krakenkit/mock-exchange';
import { type MetricsReport, watchExchange } from '@krakenkit/mock-exchange/metrics';
import { describe, expect, it } from 'vitest';
import { marginBuy, RICH, SMALL_ALLOWANCES } from './support/margin.js';
import { limitBuy, place, reject } from './support/orders.js';
import { call, ok, signedRequest } from './support/signer.js';
import { newKey, world } from './support/world.js';

const keyOf = (report: MetricsReport, label = 'main#0') => report.keys.find((key) => key.key === label);
const poolOf = (report: MetricsReport, currency: string) =>
  report.pools.find((pool) => pool.currency === currency);

describe('exchange metrics (what a soak reads from the mock)', () => {
  it('count every Kraken error each key was answered, without naming the key', () => {
    const w = world({ tier: 'starter' });
    const metrics = watchExchange(w.exchange);
    const nonce = '1000';
    expect(call(w.exchange, w.key, 'Balance', {}, { nonce }).error).toEqual([]);
    expect(call(w.exchange, w.key, 'Balance', {}, { nonce }).error).toEqual(['EAPI:Invalid nonce']);
    for (let i = 0; i < 14; i += 1) call(w.exchange, w.key, 'Balance'); // 15 units: the starter tier's cap
    expect(call(w.exchange, w.key, 'Balance').error).toEqual(['EAPI:Rate limit exceeded']);
    call(w.exchange, { ...w.key, apiKey: 'nobody' }, 'Balance');
    const report = metrics.report();
    expect(keyOf(report)).toMatchObject({
      account: 'main',
      requests: 17,
      errors: { 'EAPI:Invalid nonce': 1, 'EAPI:Rate limit exceeded': 1 },
    });
    expect(report.requests.otherErrors).toEqual({ 'EAPI:Invalid key': 1 });
    expect(JSON.stringify(report)).not.toContain(w.key.apiKey);
    expect(report.internalErrors).toBe(0);
  });

  it("measure the share of a key's REST budget used over a window, from the counter's exact level", () => {
    const w = world({ tier: 'intermediate' }); // 20 units, 0.5 a second
    const metrics = watchExchange(w.exchange);
    const start = w.clock.now();
    for (let i = 0; i < 21; i += 1) call(w.exchange, w.key, 'Balance'); // 20 charged, 1 refused
    w.clock.advance(10_000); // 5 units decay
    for (let i = 0; i < 6; i += 1) call(w.exchange, w.key, 'Balance'); // 5 charged, 1 refused
    const whole = keyOf(metrics.report({ from: start, to: w.clock.now() }))?.rest;
    expect(whole).toMatchObject({
      max: 20,
      decayPerSecond: 0.5,
      charged: 25,
      levelAtStart: 0,
      complete: true,
    });
    expect(whole?.capacity).toBe(20 + 0.5 * 10);
    expect(whole?.utilisation).toBe(1);
    // A window opening once the counter is full offers only the decay: 5 units, all used.
    const later = keyOf(metrics.report({ from: start + 1, to: w.clock.now() }))?.rest;
    expect(later?.charged).toBe(5);
    expect(later?.levelAtStart).toBeCloseTo(20 - 0.0005, 9);
    expect(later?.utilisation).toBeCloseTo(5 / (0.0005 + 0.5 * 9.999), 9);
    // As a share of the refill alone, a key that kept its counter just under the cap used all of it.
    expect(later?.refillShare).toBeCloseTo(5 / (0.5 * 9.999), 9);
    // Idle time is budget left unused.
    w.clock.advance(40_000);
    const idle = keyOf(metrics.report({ from: start, to: w.clock.now() }))?.rest;
    expect(idle?.utilisation).toBe(25 / (20 + 0.5 * 50));
  });

  it('count the faults injected, and the budget spent on calls a fault answered before the exchange could', () => {
    const w = world();
    const metrics = watchExchange(w.exchange);
    w.exchange.faults.add({ kind: 'service-busy', endpoints: ['Balance'], times: 1 });
    w.exchange.faults.add({ kind: 'lost-response', endpoints: ['OpenOrders'], times: 1 });
    w.exchange.faults.add({ kind: 'latency', latencyMs: 5, endpoints: ['Time'], times: 1 });
    expect(call(w.exchange, w.key, 'Balance').error).toEqual(['EService:Busy']);
    call(w.exchange, w.key, 'OpenOrders');
    w.exchange.handle({ method: 'GET', path: '/0/public/Time', headers: {} });
    call(w.exchange, w.key, 'Balance');
    const report = metrics.report();
    expect(report.faults).toMatchObject({
      total: 3,
      rate: 3 / 4,
      byKind: { 'service-busy': 1, 'lost-response': 1, latency: 1 },
      byEndpoint: { Balance: 1, OpenOrders: 1, Time: 1 },
    });
    expect(report.requests).toMatchObject({ total: 4, byEndpoint: { Balance: 2, OpenOrders: 1, Time: 1 } });
    // The busy answer is a fault, not an error of the key; the lost answer was processed and charged.
    expect(keyOf(report)?.errors).toEqual({});
    expect(keyOf(report)?.rest).toMatchObject({ charged: 2, unprocessed: 1 });
    // The callers count the busy call as spent (Kraken does not say it was free): a window opening after it
    // starts from their count, a unit above the exchange's, and offers them a unit less.
    const after = keyOf(metrics.report({ from: w.clock.now() + 1, to: w.clock.now() + 1 }))?.rest;
    expect(after?.levelAtStart).toBeCloseTo(2, 2);
    expect(after?.spentLevelAtStart).toBeCloseTo(3, 2);
    expect((after?.capacity ?? 0) - (after?.spentCapacity ?? 0)).toBeCloseTo(1, 2);
  });

  it('sample each margin pool at every change, judged against a limit below the allowance', async () => {
    const w = world({ balances: RICH }, { allowances: SMALL_ALLOWANCES }); // USD allowance 100,000
    const metrics = watchExchange(w.exchange, { limits: { ZUSD: '50000' } });
    const resting = place(w, marginBuy('1', '60000.0')); // 60,000 USD reserved by an open margin order
    await Promise.resolve(); // the sample is taken once the exchange's step is over
    expect(poolOf(metrics.report(), 'USD')).toMatchObject({
      account: 'main',
      limit: '50000',
      allowance: '100000',
      usage: '60000',
      maxUsage: '60000',
      maxPositions: '0',
      samplesOver: 1,
      maxOver: '10000',
    });
    ok(w.exchange, w.key, 'CancelOrder', { txid: resting.txid });
    place(w, marginBuy('0.5', undefined)); // a market long: a position at the ask
    expect(reject(w, marginBuy('1.2', '60000.0'))).toEqual(['EOrder:Margin allowance exceeded']);
    const pool = poolOf(metrics.report(), 'USD');
    expect(pool).toMatchObject({
      usage: '32500.25',
      maxUsage: '60000',
      maxPositions: '32500.25',
      samplesOver: 1,
    });
    expect(keyOf(metrics.report())?.errors).toEqual({ 'EOrder:Margin allowance exceeded': 1 });
    expect(metrics.series().pools['main/USD']?.map(([, usage]) => usage)).toEqual(['60000', '0', '32500.25']);
  });

  it('list open orders with cl_ord_id and userref, cl_ord_ids used twice, and identical orders open at once', () => {
    const w = world();
    const metrics = watchExchange(w.exchange);
    const first = place(w, limitBuy('0.01', '60000.0', { cl_ord_id: 'level-1' }));
    ok(w.exchange, w.key, 'CancelOrder', { txid: first.txid });
    const again = place(w, limitBuy('0.01', '60000.0', { cl_ord_id: 'level-1' }));
    w.clock.advance(1);
    const twin = place(w, limitBuy('0.01', '60000.0', { userref: 7 }));
    const [audit] = metrics.report().orders;
    expect(audit?.total).toBe(3);
    expect(audit?.open.map((order) => [order.txid, order.clOrdId, order.userref])).toEqual([
      [again.txid, 'level-1', null],
      [twin.txid, null, 7],
    ]);
    expect(audit?.duplicateClOrdIds).toEqual([{ clOrdId: 'level-1', txids: [first.txid, again.txid] }]);
    // The cancelled first and the second never rested together; the second and the third did.
    expect(audit?.twinsOpenAtOnce).toEqual([
      { order: 'buy 0.01 XBT/USD limit @ 60000', most: 2, at: w.clock.now() },
    ]);
    expect(metrics.orders('main').map((order) => order.status)).toEqual(['canceled', 'open', 'open']);
  });

  it('are served to another process over the loopback server, only with the admin token', async () => {
    const token = randomBytes(16).toString('hex');
    const key = newKey('admin');
    const running = await startMockExchange({
      seed: 'admin',
      accounts: [{ id: 'main', tier: 'intermediate', ...key }],
      admin: { token },
    });
    const plain = await startMockExchange({ seed: 'plain', accounts: [] });
    try {
      const request = signedRequest(key, 'Balance');
      await fetch(running.url + request.path, {
        method: 'POST',
        headers: request.headers as Record<string, string>,
        body: request.body ?? '',
      });
      const report = (await (
        await fetch(`${running.url}/__mock/report`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as MetricsReport;
      expect(keyOf(report)).toMatchObject({ requests: 1, rest: { charged: 1 } });
      expect(running.metrics?.report().keys).toHaveLength(1);
      const wrong = await fetch(`${running.url}/__mock/report`, {
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.status).toBe(401);
      // Off unless enabled: the path is then just an unknown one to the exchange.
      expect((await fetch(`${plain.url}/__mock/report`)).status).toBe(404);
      expect(plain.metrics).toBeUndefined();
    } finally {
      await running.close();
      await plain.close();
    }
  });
});
