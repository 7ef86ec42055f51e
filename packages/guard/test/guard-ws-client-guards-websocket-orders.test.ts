import { KrakenError, TransportError } from '@krakenkit/client';
import type { ExecutionReport, WsAddOrderParams } from '@krakenkit/client/ws';
import { isValidatedWsOrder, parseWsOrder } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';
import { GuardRejectedError } from '../src/client/guard-rejected-error.js';
import { type GuardableWsClient, guardWsClient } from '../src/client/guard-ws-client.js';
import { testGuard } from './support/guard-factory.js';

interface Call {
  method: string;
  params: unknown;
}

/** A WS client double: records what reaches it (reaching it is "sending") and answers with `handler`. */
function recordingWsClient(handler: (method: string, params: Record<string, unknown>) => unknown = answer) {
  const calls: Call[] = [];
  const method =
    (name: string) =>
    async (params?: unknown): Promise<never> => {
      calls.push({ method: name, params });
      return (await handler(name, (params ?? {}) as Record<string, unknown>)) as never;
    };
  const client: GuardableWsClient = {
    addOrder: method('addOrder'),
    batchAdd: method('batchAdd'),
    amendOrder: method('amendOrder'),
    cancelOrder: method('cancelOrder'),
    cancelAll: () => method('cancelAll')(),
    batchCancel: method('batchCancel'),
    cancelAllOrdersAfter: method('cancelAllOrdersAfter'),
  };
  return { client, calls };
}

let nextTxid = 1;
function answer(method: string, params: Record<string, unknown>): unknown {
  if (method === 'addOrder') return { order_id: `OWS-${nextTxid++}`, cl_ord_id: params.cl_ord_id };
  if (method === 'batchAdd') {
    return (params.orders as Array<{ cl_ord_id: string }>).map((o) => ({
      order_id: `OWS-${nextTxid++}`,
      cl_ord_id: o.cl_ord_id,
    }));
  }
  if (method === 'cancelOrder')
    return { cancelled: (params.order_id as string[]).map((order_id) => ({ order_id })), failed: [] };
  if (method === 'amendOrder') return { amend_id: 'A-1', order_id: params.order_id };
  return { count: 0 };
}

const bigMarginLong: WsAddOrderParams = {
  symbol: 'XBT/USD',
  side: 'buy',
  order_type: 'limit',
  order_qty: '300',
  limit_price: '50000',
  margin: true,
};

describe('guardWsClient: WebSocket orders pass the guard as REST orders do', () => {
  it('margin: true is judged at the pair maximum leverage, exactly as REST leverage 5', () => {
    const ws = testGuard().guard.check({
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '400',
      price: '50000',
      margin: true,
    });
    const rest = testGuard().guard.check({
      pair: 'XBTUSD',
      side: 'buy',
      orderType: 'limit',
      volume: '400',
      price: '50000',
      leverage: '5',
    });
    expect(ws).toEqual(rest);
    expect(ws.violations.map((v) => v.code)).toContain('EOrder:Margin allowance exceeded');
  });

  it('a refused order throws GuardRejectedError and sends nothing; an allowed one is tracked by order_id', async () => {
    const { guard } = testGuard();
    const { client, calls } = recordingWsClient();
    const guarded = guardWsClient(client, guard, { newId: () => 'cl-1' });
    const placed = await guarded.addOrder(bigMarginLong);
    // The client is handed the order validated once (core's parseWsOrder), with the session's cl_ord_id.
    expect(calls).toHaveLength(1);
    const sent = calls[0]?.params;
    expect(isValidatedWsOrder(sent)).toBe(true);
    expect(sent).toEqual(parseWsOrder({ ...bigMarginLong, cl_ord_id: 'cl-1' }));
    const refusal = guarded.addOrder({ ...bigMarginLong, order_qty: '0.0001' });
    await expect(refusal).rejects.toBeInstanceOf(GuardRejectedError);
    await expect(refusal).rejects.toMatchObject({
      code: 'EOrder:Margin allowance exceeded',
      category: 'guard',
    });
    expect(calls).toHaveLength(1);
    expect(guard.orders()).toEqual([expect.objectContaining({ txid: placed.order_id, status: 'open' })]);
  });

  it("Kraken's certain refusal releases the reservation; an unknown outcome keeps it", async () => {
    const { guard } = testGuard();
    const refusing = recordingWsClient(() => {
      throw new KrakenError(['EOrder:Insufficient funds'], 'ws:add_order');
    });
    await expect(guardWsClient(refusing.client, guard).addOrder(bigMarginLong)).rejects.toBeInstanceOf(
      KrakenError,
    );
    expect(guard.orders()).toEqual([]);
    const silent = recordingWsClient(() => {
      throw new TransportError('no answer', { endpoint: 'ws:add_order', outcome: 'unknown' });
    });
    await expect(guardWsClient(silent.client, guard).addOrder(bigMarginLong)).rejects.toBeInstanceOf(
      TransportError,
    );
    expect(guard.orders()).toHaveLength(1);
    // The kept reservation still takes the headroom: the same order again is refused without sending.
    await expect(guardWsClient(silent.client, guard).addOrder(bigMarginLong)).rejects.toBeInstanceOf(
      GuardRejectedError,
    );
    expect(silent.calls).toHaveLength(1);
  });

  it('orders the guard cannot size are refused: cash_order_qty, relative prices', async () => {
    const { guard } = testGuard();
    const { client, calls } = recordingWsClient();
    const guarded = guardWsClient(client, guard);
    const { order_qty: _q, ...noQty } = bigMarginLong;
    await expect(
      guarded.addOrder({ ...noQty, order_type: 'market', cash_order_qty: '100' }),
    ).rejects.toMatchObject({
      code: 'EGuard:Invalid intent',
    });
    await expect(
      guarded.addOrder({
        ...bigMarginLong,
        order_type: 'stop-loss',
        triggers: { price: '-5', price_type: 'pct' },
      }),
    ).rejects.toMatchObject({ code: 'EGuard:Invalid intent' });
    expect(calls).toEqual([]);
  });

  it('batchAdd reserves all or nothing and matches results by cl_ord_id; a missing one is released', async () => {
    const { guard } = testGuard();
    let id = 0;
    const { client, calls } = recordingWsClient((method, params) =>
      method === 'batchAdd'
        ? [{ order_id: 'OWS-B1', cl_ord_id: (params.orders as Array<{ cl_ord_id: string }>)[1]?.cl_ord_id }]
        : answer(method, params),
    );
    const guarded = guardWsClient(client, guard, { newId: () => `b-${++id}` });
    const order = {
      side: 'buy' as const,
      order_type: 'limit' as const,
      order_qty: '1',
      limit_price: '50000',
    };
    const refused = guarded.batchAdd({
      symbol: 'XBT/USD',
      orders: [order, { ...order, order_qty: '400', margin: true }],
    });
    await expect(refused).rejects.toBeInstanceOf(GuardRejectedError);
    expect(calls).toEqual([]);
    await guarded.batchAdd({ symbol: 'XBT/USD', orders: [order, { ...order, limit_price: '50001' }] });
    expect(guard.orders()).toEqual([expect.objectContaining({ txid: 'OWS-B1', status: 'open' })]);
  });

  it('fills, amends and cancels update the guard; the result is frozen and holds no client', async () => {
    const { guard } = testGuard();
    const { client } = recordingWsClient();
    const guarded = guardWsClient(client, guard);
    const placed = await guarded.addOrder(bigMarginLong);
    await guarded.amendOrder({ order_id: placed.order_id, order_qty: '200' });
    const fill: ExecutionReport = {
      exec_type: 'trade',
      order_id: placed.order_id,
      last_qty: '50',
      last_price: '50000',
    };
    expect(guarded.applyExecution(fill)).toBe(true);
    expect(guard.positions()).toEqual([expect.objectContaining({ side: 'buy' })]);
    await guarded.cancelOrder({ order_id: [placed.order_id] });
    expect(guard.orders().filter((o) => o.status === 'open')).toEqual([]);
    expect(Object.isFrozen(guarded)).toBe(true);
    expect(Object.values(guarded).every((value) => typeof value === 'function')).toBe(true);
    expect((guarded as unknown as Record<string, unknown>).subscribe).toBeUndefined();
  });
});
