import { describe, expect, it } from 'vitest';
import { wsWorldPerTest } from './support/ws-harness.js';

const world = wsWorldPerTest();

/** The order id of an answer (empty when it has none). */
const idOf = (answer: Record<string, unknown> | undefined): string =>
  (answer?.result as { order_id?: string } | undefined)?.order_id ?? '';

const LIMIT = { order_type: 'limit', side: 'buy', symbol: 'BTC/USD', order_qty: 0.01, limit_price: 30000 };

describe('WebSocket v2 edit_order', () => {
  it('cancels the order and places its replacement under a new id, with the new size, price and flags', async () => {
    const { token, raw, w } = await world();
    const [added] = await raw.call('add_order', { ...LIMIT, post_only: true, order_userref: 7, token });
    const originalId = idOf(added);
    const [edited] = await raw.call('edit_order', {
      order_id: originalId,
      symbol: 'BTC/USD',
      order_qty: 0.02,
      limit_price: 29000,
      fee_preference: 'base',
      order_userref: 8,
      token,
    });
    expect(edited).toMatchObject({ success: true, result: { original_order_id: originalId } });
    const newId = idOf(edited);
    expect(newId).toMatch(/^O/);
    expect(newId).not.toBe(originalId);
    const orders = w.running.exchange.account('main').orders;
    expect(orders.get(originalId)?.status).toBe('canceled');
    const replacement = orders.get(newId);
    expect(replacement?.status).toBe('open');
    expect(replacement?.volume.toString()).toBe('0.02');
    expect(replacement?.price?.toString()).toBe('29000');
    expect(replacement?.userref).toBe(8);
    expect([...(replacement?.oflags ?? [])].sort()).toEqual(['fcib', 'post']);
  });

  it('moves a stop-limit order’s trigger and limit', async () => {
    const { token, raw, w } = await world();
    const [added] = await raw.call('add_order', {
      order_type: 'stop-loss-limit',
      side: 'sell',
      symbol: 'BTC/USD',
      order_qty: 0.01,
      triggers: { price: 40000 },
      limit_price: 39900,
      token,
    });
    const id = idOf(added);
    const [edited] = await raw.call('edit_order', {
      order_id: id,
      symbol: 'BTC/USD',
      triggers: { price: 41000 },
      limit_price: 40900,
      token,
    });
    const newId = idOf(edited);
    const replacement = w.running.exchange.account('main').orders.get(newId);
    expect([replacement?.price?.toString(), replacement?.price2?.toString()]).toEqual(['41000', '40900']);
  });

  it.each([
    [{ display_qty: 0.001 }, 'EGeneral:Invalid arguments:display_qty'],
    [{ reduce_only: true }, 'EGeneral:Invalid arguments:reduce_only'],
    [{ fee_preference: 'both' }, 'EGeneral:Invalid arguments:fee_preference'],
    [{ order_userref: 2 ** 40 }, 'EGeneral:Invalid arguments:order_userref'],
    [{ order_id: 'ONOPE-NOPE-NOPE' }, 'EOrder:Unknown order'],
    [{ symbol: 'ETH/USD' }, 'EGeneral:Invalid arguments:symbol'],
  ])('refuses %j with %s and leaves the order as it was', async (change, error) => {
    const { token, raw, w } = await world();
    const [added] = await raw.call('add_order', { ...LIMIT, token });
    const id = idOf(added);
    const [answer] = await raw.call('edit_order', {
      order_id: id,
      symbol: 'BTC/USD',
      order_qty: 0.02,
      ...change,
      token,
    });
    expect(answer).toMatchObject({ method: 'edit_order', success: false, error });
    const order = w.running.exchange.account('main').orders.get(id);
    expect([order?.status, order?.volume.toString()]).toEqual(['open', '0.01']);
  });
});
