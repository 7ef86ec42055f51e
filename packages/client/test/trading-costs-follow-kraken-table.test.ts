import { describe, expect, it } from 'vitest';
import {
  ADD_COST,
  type AgedAction,
  agedCost,
  agedCostSteps,
  batchAddCost,
  worstCaseCost,
} from '../src/rate-limit/trading-costs.js';
import { amend, batchAdd, cancel, cancelAll, harness, placeOrder } from './support/limiter-harness.js';

// docs/kraken/rate-limits.md, one row per transaction, one column per age bound (ms, exclusive), last column older than 300 s.
const TABLE: Record<AgedAction, readonly number[]> = {
  amend: [4, 3, 2, 1, 1, 1, 1],
  edit: [7, 6, 5, 3, 2, 1, 1],
  cancel: [8, 6, 5, 4, 2, 1, 0],
};
const AGES_IN_EACH_COLUMN = [0, 5_000, 10_000, 15_000, 45_000, 90_000, 300_000];
const LAST_MS_OF_EACH_COLUMN = [4_999, 9_999, 14_999, 44_999, 89_999, 299_999];

describe("Kraken's matching-engine cost table", () => {
  it('charges fixed + age part for amend, edit and cancel, column by column', () => {
    for (const action of ['amend', 'edit', 'cancel'] as const) {
      expect(
        AGES_IN_EACH_COLUMN.map((age) => agedCost(action, age)),
        action,
      ).toEqual(TABLE[action]);
      expect(
        LAST_MS_OF_EACH_COLUMN.map((age) => agedCost(action, age)),
        action,
      ).toEqual(TABLE[action].slice(0, 6));
    }
    expect(agedCost('cancel', 3_600_000)).toBe(0);
    expect(agedCost('amend', 20_000)).toBe(1);
    expect(agedCost('edit', 100_000)).toBe(1);
  });

  it('charges +1 for an add, n/2 for a batch add, and the <5 s price for an order never seen', () => {
    expect(ADD_COST).toBe(1);
    expect(batchAddCost(15)).toBe(7.5);
    expect(worstCaseCost('cancel')).toBe(8);
    expect(worstCaseCost('amend')).toBe(4);
    expect(worstCaseCost('edit')).toBe(7);
    expect(agedCost('cancel', -50)).toBe(8);
  });

  it('lists when the price of an aging order drops', () => {
    expect(agedCostSteps('amend', 7_000)).toEqual([
      { fromMs: 0, cost: 3 },
      { fromMs: 3_000, cost: 2 },
      { fromMs: 8_000, cost: 1 },
    ]);
    expect(agedCostSteps('cancel', 299_000)).toEqual([
      { fromMs: 0, cost: 1 },
      { fromMs: 1_000, cost: 0 },
    ]);
  });
});

describe("the docs' worked examples, through the limiter", () => {
  it('add, amend 7 s later, cancel 36 s after that: 1 + 3 + 4 = 8 (decay set to 0 to see the sum)', async () => {
    const h = harness({ tier: 'starter', limits: { trading: { decayPerSecond: 0 } } });
    await placeOrder(h, 'OA', 'XBTUSD');
    await h.advance(7_000);
    const amendTicket = amend('OA');
    await h.call('amend', amendTicket);
    h.limiter.observe(amendTicket, { ok: true });
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(4);
    await h.advance(36_000);
    const cancelTicket = cancel('OA');
    await h.call('cancel', cancelTicket);
    h.limiter.observe(cancelTicket, { ok: true });
    expect(h.limiter.budget().trading['XBTUSD']).toMatchObject({ counter: 8, openOrders: 0 });
  });

  it('an Intermediate client bursts 50 adds and waits 10 s: 50 − 10 × 2.34 = 26.6', async () => {
    const h = harness({ tier: 'intermediate' });
    for (let index = 0; index < 50; index++) await placeOrder(h, `O${index}`, 'XBTUSD');
    expect(h.elapsed()).toBe(0);
    await h.advance(10_000);
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBeCloseTo(26.6, 9);
    expect(h.limiter.budget().trading['XBTUSD']?.openOrders).toBe(50);
  });
});

describe('charging batches and orders the limiter does not know', () => {
  it('charges a batch cancel per order by its own age, and unknown orders the worst case', async () => {
    const h = harness({ tier: 'pro', limits: { trading: { decayPerSecond: 0 } } });
    await placeOrder(h, 'OLD', 'XBTUSD');
    await h.advance(50_000);
    await placeOrder(h, 'NEW', 'XBTUSD');
    // 2 adds, then OLD (50 s: +2), NEW (0 s: +8) and one unknown order on the only pair tracked (+8).
    await h.call('batch cancel', cancel('OLD', 'NEW', 'GHOST'));
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(2 + 2 + 8 + 8);
  });

  it('charges an unknown order to every pair it tracks, and to none when it tracks none', async () => {
    const h = harness({ tier: 'pro', limits: { trading: { decayPerSecond: 0 } } });
    await h.call('cancel ghost', cancel('GHOST'));
    expect(h.limiter.budget().trading).toEqual({});
    await placeOrder(h, 'A', 'XBTUSD');
    await placeOrder(h, 'B', 'ETHUSD');
    await h.call('amend ghost', amend('GHOST-2'));
    expect(h.limiter.budget().trading['XBTUSD']?.counter).toBe(1 + 4);
    expect(h.limiter.budget().trading['ETHUSD']?.counter).toBe(1 + 4);
  });

  it('charges a batch add n/2 on its pair, and CancelAll every tracked order by age', async () => {
    const h = harness({ tier: 'pro', limits: { trading: { decayPerSecond: 0 } } });
    const batch = batchAdd('XBTUSD', 5);
    await h.call('batch', batch);
    h.limiter.observe(batch, {
      ok: true,
      created: ['B1', 'B2', 'B3', 'B4', 'B5'].map((id) => ({ id, pair: 'XBTUSD' })),
    });
    expect(h.limiter.budget().trading['XBTUSD']).toMatchObject({ counter: 2.5, openOrders: 5 });
    await h.advance(20_000);
    await placeOrder(h, 'E1', 'ETHUSD');
    const all = cancelAll();
    await h.call('cancel all', all);
    h.limiter.observe(all, { ok: true });
    // Five 20 s old orders (+4 each) on XBTUSD; one new order (+8) on ETHUSD.
    expect(h.limiter.budget().trading['XBTUSD']).toMatchObject({ counter: 2.5 + 20, openOrders: 0 });
    expect(h.limiter.budget().trading['ETHUSD']).toMatchObject({ counter: 1 + 8, openOrders: 0 });
  });
});
