import type { GuardableWsClient } from '@krakenkit/guard/ws';
import { guardWsClient } from '@krakenkit/guard/ws';
import { describe, expect, it } from 'vitest';
import { guardClient } from '../src/client/guard-client.js';
import { marginOrder, testGuard } from './support/guard-factory.js';
import { recordingClient } from './support/recording-client.js';

// CancelOrderBatch (REST) and batch_cancel (WebSocket) answer with a count, not with the orders cancelled. The
// guarded clients released every order asked for whatever the count: when one of them had filled first, its fill
// (reported after the cancel's answer) named an order the guard no longer tracked and was dropped, so the position
// it opened borrowed from the pool with nothing counting it.
function twoRestingLongs() {
  const made = testGuard();
  for (const txid of ['OA', 'OB']) {
    const ref = made.guard.reserve(marginOrder('XBTUSD', 'buy', '1', '60000.0')).ref ?? '';
    made.guard.apply({ type: 'order-accepted', ref, txid });
  }
  return made;
}

function usd(guard: ReturnType<typeof testGuard>['guard']) {
  const pool = guard.snapshot().pools.find((entry) => entry.currency === 'USD');
  return { positions: pool?.positions ?? '0', orders: pool?.orders ?? '0' };
}

function wsClient(count: number): GuardableWsClient {
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  return {
    addOrder: unused,
    batchAdd: unused,
    amendOrder: unused,
    cancelOrder: unused,
    cancelAll: unused,
    batchCancel: async () => ({ count }),
    cancelAllOrdersAfter: unused,
  };
}

describe('a batch cancel the exchange answers with fewer cancels than orders asked for', () => {
  it('REST: releases none, so a fill of the order that was not cancelled still opens its position', async () => {
    const { guard } = twoRestingLongs();
    const { client } = recordingClient((method) => (method === 'cancelOrderBatch' ? { count: 1 } : {}));
    await guardClient(client, guard).cancelOrderBatch({ orders: ['OA', 'OB'] });
    expect(guard.orders().map((order) => order.txid)).toEqual(['OA', 'OB']);
    guard.apply({ type: 'order-filled', order: 'OA', volume: '1', price: '60000' });
    expect(guard.positions()).toEqual([expect.objectContaining({ side: 'buy', volume: '1' })]);
    expect(usd(guard)).toEqual({ positions: '60000', orders: '60000' });
  });

  it('REST: releases every order when the count covers them all', async () => {
    const { guard } = twoRestingLongs();
    const { client } = recordingClient((method) => (method === 'cancelOrderBatch' ? { count: 2 } : {}));
    await guardClient(client, guard).cancelOrderBatch({ orders: ['OA', 'OB'] });
    expect(guard.orders()).toEqual([]);
  });

  it('WebSocket: releases none on a short count, every order on a full one', async () => {
    const short = twoRestingLongs();
    await guardWsClient(wsClient(1), short.guard).batchCancel({ orders: ['OA', 'OB'] });
    expect(short.guard.orders().map((order) => order.txid)).toEqual(['OA', 'OB']);
    const full = twoRestingLongs();
    await guardWsClient(wsClient(2), full.guard).batchCancel({ orders: ['OA', 'OB'] });
    expect(full.guard.orders()).toEqual([]);
  });
});
