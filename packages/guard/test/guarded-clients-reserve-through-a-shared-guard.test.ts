import type { WsAddOrderParams } from '@krakenkit/client/ws';
import { StoreUnavailableError } from '@krakenkit/core/store';
import { GuardRejectedError, guardClient } from '@krakenkit/guard';
import { type GuardableWsClient, guardWsClient } from '@krakenkit/guard/ws';
import { describe, expect, it } from 'vitest';
import { recordingClient } from './support/recording-client.js';
import { SharedWorld, usdUsed } from './support/shared-world.js';

// 0.24 BTC at 50,000 = 12,000 USD borrowed: two of these do not fit the 20,000 USD allowance.
const ORDER = {
  pair: 'XBTUSD',
  type: 'buy',
  ordertype: 'limit',
  volume: '0.24',
  price: '50000',
  leverage: '5',
} as const;

describe('guardClient over a shared guard', () => {
  it('holds two processes’ orders to one allowance: the second is refused and never sent', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    const first = recordingClient();
    const second = recordingClient();
    await guardClient(first.client, a).addOrder(ORDER);
    const refused = await guardClient(second.client, b)
      .addOrder(ORDER)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GuardRejectedError);
    expect(second.calls).toEqual([]);
    const { pair, ...fields } = ORDER;
    const batch = { pair, orders: [0, 1].map(() => ({ ...fields, volume: '0.08' })) };
    await guardClient(second.client, b).addOrderBatch(batch);
    expect(second.calls.map((call) => call.method)).toEqual(['addOrderBatch']);
    await a.sync();
    expect([usdUsed(a), usdUsed(b)]).toEqual([20_000, 20_000]);
    expect(a.orders().every((order) => order.status === 'open')).toBe(true);
  });

  it('sends nothing while the store is down, except cancels', async () => {
    const world = new SharedWorld();
    const [a] = await world.pair();
    const { client, calls } = recordingClient();
    const trading = guardClient(client, a);
    world.store.down = true;
    await expect(trading.addOrder(ORDER)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(calls).toEqual([]);
    await trading.cancelOrder({ txid: 'OSOME-1' });
    expect(calls.map((call) => call.method)).toEqual(['cancelOrder']);
    world.store.down = false;
    await trading.addOrder(ORDER);
    expect(calls.map((call) => call.method)).toEqual(['cancelOrder', 'addOrder']);
  });

  it('returns a placed order’s result even if the store fails before its answer is recorded', async () => {
    const world = new SharedWorld();
    const [a] = await world.pair();
    const { client } = recordingClient((method) => {
      world.store.down = true; // the store goes down while the order is on its way
      return method === 'addOrder' ? { descr: { order: 'ok' }, txid: ['OLATE-1'] } : {};
    });
    expect((await guardClient(client, a).addOrder(ORDER)).txid).toEqual(['OLATE-1']);
    // Its answer is not recorded, so the reservation stays held, in flight, until a reconcile after its lease.
    expect(a.orders()).toMatchObject([{ status: 'in-flight' }]);
    expect(usdUsed(a)).toBe(12_000);
  });
});

describe('guardWsClient over a shared guard', () => {
  it('reserves through the journal before the socket sees an order', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    const sent: unknown[] = [];
    const ws = {
      addOrder: async (params: WsAddOrderParams) => {
        sent.push(params);
        return { order_id: `OWS-${sent.length}` };
      },
    } as unknown as GuardableWsClient;
    const order = {
      symbol: 'BTC/USD',
      side: 'buy',
      order_type: 'limit',
      order_qty: '0.24',
      limit_price: '50000',
      margin: true,
    } as const;
    await guardWsClient(ws, a).addOrder(order);
    await expect(guardWsClient(ws, b).addOrder(order)).rejects.toBeInstanceOf(GuardRejectedError);
    expect(sent).toHaveLength(1);
    expect(b.orders()).toMatchObject([{ status: 'open', txid: 'OWS-1' }]);
  });
});
