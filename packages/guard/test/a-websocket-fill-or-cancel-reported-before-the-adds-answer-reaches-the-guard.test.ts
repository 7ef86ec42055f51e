/**
 * Kraken's executions feed can report a fill (or a cancel) of an order before the `add_order` answer that names
 * its order_id reaches the bot. The guard then knows the order only by its reservation and its client order id,
 * which the guarded WebSocket client always sets: the report is matched by that id, so the position the fill opens
 * counts in the margin pool at once (it was dropped, and the pool under-counted until the next reconcile).
 */
import type { ExecutionReport, WsAddOrderParams } from '@krakenkit/client/ws';
import { describe, expect, it } from 'vitest';
import { type GuardableWsClient, guardWsClient } from '../src/client/guard-ws-client.js';
import { testGuard } from './support/guard-factory.js';

/** A WS client double whose add_order answers only when the test lets it. */
function slowAddClient() {
  let release: (value: unknown) => void = () => undefined;
  const answered = new Promise((resolve) => {
    release = resolve;
  });
  const never = async (): Promise<never> => {
    throw new Error('not used');
  };
  const client: GuardableWsClient = {
    addOrder: (async (params: { cl_ord_id?: string }) => {
      await answered;
      return { order_id: 'OWS-EARLY', cl_ord_id: params.cl_ord_id };
    }) as GuardableWsClient['addOrder'],
    batchAdd: never,
    amendOrder: never,
    cancelOrder: never,
    cancelAll: never,
    batchCancel: never,
    cancelAllOrdersAfter: never,
  };
  return { client, answer: () => release(undefined) };
}

const marginLong: WsAddOrderParams = {
  symbol: 'XBT/USD',
  side: 'buy',
  order_type: 'limit',
  order_qty: '2',
  limit_price: '50000',
  margin: true,
  cl_ord_id: 'early-fill-1',
};

describe('an executions report that comes before the add_order answer', () => {
  it('counts its fill by the client order id: the position is in the pool before the answer', async () => {
    const { guard } = testGuard();
    const { client, answer } = slowAddClient();
    const guarded = guardWsClient(client, guard);
    const placing = guarded.addOrder(marginLong);
    await expect.poll(() => guard.orders().length).toBe(1);
    const fill: ExecutionReport = {
      exec_type: 'trade',
      order_id: 'OWS-EARLY',
      cl_ord_id: 'early-fill-1',
      last_qty: '0.5',
      last_price: '50000',
    };
    expect(guarded.applyExecution(fill)).toBe(true);
    expect(guard.positions()).toEqual([expect.objectContaining({ side: 'buy', volume: '0.5' })]);
    answer();
    await placing;
    expect(guard.orders()).toEqual([
      expect.objectContaining({ txid: 'OWS-EARLY', status: 'open', filled: '0.5' }),
    ]);
  });

  it('releases the reservation of an order cancelled before the answer', async () => {
    const { guard } = testGuard();
    const { client, answer } = slowAddClient();
    const guarded = guardWsClient(client, guard);
    const placing = guarded.addOrder(marginLong);
    await expect.poll(() => guard.orders().length).toBe(1);
    const cancelled: ExecutionReport = {
      exec_type: 'canceled',
      order_id: 'OWS-EARLY',
      cl_ord_id: 'early-fill-1',
    };
    expect(guarded.applyExecution(cancelled)).toBe(true);
    expect(guard.orders()).toEqual([]);
    answer();
    await placing;
    // the late answer does not bring the cancelled order back
    expect(guard.orders()).toEqual([]);
  });

  it('still ignores a report naming an order the guard does not track by either id', () => {
    const { guard } = testGuard();
    const { client } = slowAddClient();
    const guarded = guardWsClient(client, guard);
    const stranger: ExecutionReport = {
      exec_type: 'trade',
      order_id: 'OTHER',
      cl_ord_id: 'someone-else',
      last_qty: '1',
      last_price: '50000',
    };
    expect(guarded.applyExecution(stranger)).toBe(false);
    expect(guard.positions()).toEqual([]);
  });
});
