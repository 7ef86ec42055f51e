import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../src/errors/index.js';
import { OpenOrdersLimitError } from '../src/rate-limit/open-orders-error.js';
import { PRIORITY, type RateTicket } from '../src/rate-limit/types.js';
import { add, cancel, harness, peek, placeOrder, query } from './support/limiter-harness.js';

describe('fail-fast mode', () => {
  it('throws RateLimitError with the exact wait and charges nothing', async () => {
    const h = harness({ tier: 'starter', mode: 'fail-fast' });
    for (let index = 0; index < 15; index++) await h.call(`q${index}`, query());
    const error = await h.call('q16', query()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ counter: 'rest', waitMs: 3_031, retryable: true, category: 'rate-limit' });
    expect((error as Error).message).toMatch(/Balance costs 1 on the REST counter, which is at 15.00 of 15/);
    expect(h.limiter.budget().rest.counter).toBe(15);
    expect(h.sent).toHaveLength(15);
  });

  it('refuses an add over the pair threshold but still lets a cancel through (single cancels accepted over it)', async () => {
    const h = harness({ tier: 'starter', mode: 'fail-fast', singleCancelOverThreshold: 'accepted' });
    await placeOrder(h, 'O1', 'XBTUSD');
    for (let index = 1; index < 60; index++) await h.call(`a${index}`, add('XBTUSD'));
    await expect(h.call('a61', add('XBTUSD'))).rejects.toMatchObject({ counter: 'trading', waitMs: 1_001 });
    expect(await h.call('cancel', cancel('O1'))).toBe(0);
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(68);
  });
});

describe('waiting calls and AbortSignal', () => {
  it('rejects a waiting call with the signal reason, charges nothing, and lets the next call keep its turn', async () => {
    const h = harness({ tier: 'starter' });
    for (let index = 0; index < 15; index++) await h.call(`q${index}`, query());
    const controller = new AbortController();
    const head = h.call('head', query(), controller.signal);
    const queued = new AbortController();
    const second = h.call('second', query(), queued.signal);
    const third = h.call('third', query());
    await h.advance(1_000);
    queued.abort(new Error('caller gave up'));
    controller.abort(new Error('head gave up'));
    await expect(head).rejects.toThrow('head gave up');
    await expect(second).rejects.toThrow('caller gave up');
    await h.advance(10_000);
    expect(await third).toBe(3_031);
    expect(h.sent.map((entry) => entry.label)).not.toContain('head');
    const aborted = new AbortController();
    aborted.abort(new Error('already'));
    await expect(h.call('never', query(), aborted.signal)).rejects.toThrow('already');
  });

  it('refuses, in wait mode too, a call that could never fit', async () => {
    const h = harness({ tier: 'starter', limits: { trading: { decayPerSecond: 0, threshold: 2 } } });
    await h.call('a', add('XBTUSD'));
    await h.call('b', add('XBTUSD'));
    await expect(h.call('c', add('XBTUSD'))).rejects.toMatchObject({ counter: 'trading', waitMs: Infinity });
  });
});

describe("re-syncing on Kraken's answers", () => {
  it('snaps the REST counter to the max on EAPI:Rate limit exceeded', async () => {
    const h = harness({ tier: 'starter' });
    const ticket = query();
    await h.call('q', ticket);
    h.limiter.observe(ticket, { ok: false, errorCode: 'EAPI:Rate limit exceeded' });
    expect(h.limiter.budget().rest.counter).toBe(15);
    const next = h.call('next', query());
    expect(await peek(next)).toBe('pending');
    await h.advance(5_000);
    expect(await next).toBe(3_031);
  });

  it('snaps the pair counter to the threshold on EOrder:Rate limit exceeded, for the pair the call was charged to', async () => {
    const h = harness({ tier: 'pro' });
    await placeOrder(h, 'O1', 'XBTUSD');
    const amendTicket: RateTicket = {
      endpoint: 'AmendOrder',
      rate: { kind: 'trading', action: 'amend' },
      orderIds: ['O1'],
      priority: PRIORITY.order,
    };
    await h.call('amend', amendTicket);
    h.limiter.observe(amendTicket, { ok: false, errorCode: 'EOrder:Rate limit exceeded' });
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(180);
    expect(h.limiter.budget().trading['ETHUSD']).toBeUndefined();
  });

  it('tracks open orders (created − closed) and refuses adds past the maximum when asked to', async () => {
    const h = harness({
      tier: 'starter',
      enforceOpenOrders: true,
      limits: { trading: { maxOpenOrdersPerPair: 2 } },
    });
    await placeOrder(h, 'O1', 'XBTUSD');
    const inFlight = add('XBTUSD');
    await h.call('second', inFlight);
    // The second add has not been answered yet: it still counts against the maximum.
    const third = await h.call('third', add('XBTUSD')).catch((caught: unknown) => caught);
    expect(third).toBeInstanceOf(OpenOrdersLimitError);
    expect(third).toMatchObject({ code: 'KRAKENKIT_OPEN_ORDERS_LIMIT', pair: 'XBTUSD', maxOpenOrders: 2 });
    h.limiter.observe(inFlight, { ok: false, errorCode: 'EOrder:Insufficient funds' });
    expect(await h.call('third again', add('XBTUSD'))).toBe(0);
    expect(h.limiter.budget().trading['XBTUSD']?.openOrders).toBe(1);

    // A fill reported through observe closes the order; a cancel that says the order is unknown forgets it.
    h.limiter.observe(query(), { ok: true, closed: ['O1'] });
    expect(h.limiter.budget().trading['XBTUSD']?.openOrders).toBe(0);
  });

  it('believes Kraken on EOrder:Orders limit exceeded, until a reconciliation says otherwise', async () => {
    const h = harness({ tier: 'starter', enforceOpenOrders: true });
    const ticket = add('XBTUSD');
    await h.call('add', ticket);
    h.limiter.observe(ticket, { ok: false, errorCode: 'EOrder:Orders limit exceeded' });
    expect(h.limiter.budget().trading['XBTUSD']?.openOrders).toBe(60);
    await expect(h.call('again', add('XBTUSD'))).rejects.toBeInstanceOf(OpenOrdersLimitError);
    h.limiter.setOpenOrders('XBT/USD', 12);
    expect(await h.call('after reconcile', add('XBTUSD'))).toBe(0);
  });

  it('does not enforce the open-orders maximum by default (fills may go unseen)', async () => {
    const h = harness({ tier: 'starter', limits: { trading: { maxOpenOrdersPerPair: 1 } } });
    await placeOrder(h, 'O1', 'XBTUSD');
    await placeOrder(h, 'O2', 'XBTUSD');
    expect(h.limiter.budget().trading['XBTUSD']?.openOrders).toBe(2);
  });

  it('follows an edit to its new txid and forgets an order Kraken says is unknown', async () => {
    const h = harness({ tier: 'pro', limits: { trading: { decayPerSecond: 0 } } });
    await placeOrder(h, 'O1', 'XBTUSD');
    await placeOrder(h, 'O2', 'XBTUSD');
    const edit: RateTicket = {
      endpoint: 'EditOrder',
      rate: { kind: 'trading', action: 'edit' },
      pair: 'XBTUSD',
      orderIds: ['O1'],
      priority: PRIORITY.order,
    };
    await h.call('edit', edit);
    h.limiter.observe(edit, { ok: true, created: [{ id: 'O1-new', pair: 'XBTUSD' }] });
    expect(h.limiter.budget().trading['XBTUSD']).toMatchObject({ counter: 2 + 7, openOrders: 2 });
    await h.advance(20_000);
    // The new txid is 20 s old (+4).
    const cancelNew = cancel('O1-new');
    await h.call('cancel new', cancelNew);
    h.limiter.observe(cancelNew, { ok: true });
    expect(h.limiter.budget().trading['XBTUSD']).toMatchObject({ counter: 9 + 4, openOrders: 1 });
    const gone = cancel('O2');
    await h.call('cancel gone', gone);
    h.limiter.observe(gone, { ok: false, errorCode: 'EOrder:Unknown order' });
    expect(h.limiter.budget().trading['XBTUSD']?.openOrders).toBe(0);
  });
});
