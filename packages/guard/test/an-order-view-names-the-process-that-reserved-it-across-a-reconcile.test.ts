import { describe, expect, it } from 'vitest';
import { longOf, SharedWorld } from './support/shared-world.js';

describe("a shared guard's order view", () => {
  it('names the process that reserved the order, also once a reconcile matched it to the exchange’s order', async () => {
    const world = new SharedWorld();
    const [a, b] = await world.pair();
    const reserved = await a.reserve(longOf(15, { clOrdId: 'a-1' }));
    await b.sync();
    expect(b.orders()).toMatchObject([{ ref: reserved.ref, instance: a.instance }]);

    // Another process starting (or reconciling) replaces the orders with the exchange's: the ref becomes the txid.
    await b.reconcile({
      openPositions: {},
      openOrders: {
        open: {
          'OAAA-1': {
            status: 'open',
            cl_ord_id: 'a-1',
            descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '50000', leverage: '5:1' },
            vol: '0.3',
            vol_exec: '0',
          },
        },
      },
    });
    await a.sync();
    for (const guard of [a, b])
      expect(guard.orders()).toMatchObject([{ ref: 'OAAA-1', instance: a.instance }]);
    expect(a.instance).not.toBe(b.instance);
  });

  it('has no instance for an order read from the exchange that no process reserved', async () => {
    const world = new SharedWorld();
    const [a] = await world.pair();
    await a.reconcile({
      openPositions: {},
      openOrders: {
        open: {
          'OWEB-1': {
            status: 'open',
            descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '50000', leverage: '5:1' },
            vol: '0.1',
            vol_exec: '0',
          },
        },
      },
    });
    expect(a.orders()).toHaveLength(1);
    expect(a.orders()[0]).not.toHaveProperty('instance');
  });
});
