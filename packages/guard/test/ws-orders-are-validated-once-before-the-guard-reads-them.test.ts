import { ValidationError } from '@krakenkit/client';
import type { WsAddOrderParams } from '@krakenkit/client/ws';
import { Decimal, isValidatedWsOrder, isValidatedWsOrderBatch, parseWsOrder } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';
import { GuardRejectedError } from '../src/client/guard-rejected-error.js';
import { type GuardableWsClient, guardWsClient } from '../src/client/guard-ws-client.js';
import { testGuard } from './support/guard-factory.js';

interface Call {
  method: string;
  params: unknown;
}

/** A WS client double: records what reaches it (reaching it is "sending") and answers as Kraken would. */
function recordingWsClient() {
  const calls: Call[] = [];
  let next = 1;
  const record = (method: string, params: unknown) => calls.push({ method, params });
  const client: GuardableWsClient = {
    addOrder: async (params) => {
      record('addOrder', params);
      return {
        order_id: `OWS-${next++}`,
        ...(params.cl_ord_id === undefined ? {} : { cl_ord_id: params.cl_ord_id }),
      };
    },
    batchAdd: async (params) => {
      record('batchAdd', params);
      return params.orders.map((order) => ({ order_id: `OWS-${next++}`, cl_ord_id: order.cl_ord_id ?? '' }));
    },
    amendOrder: async (params) => {
      record('amendOrder', params);
      return { amend_id: 'A-1', order_id: params.order_id ?? '' };
    },
    cancelOrder: async (params) => {
      record('cancelOrder', params);
      return { cancelled: (params.order_id ?? []).map((order_id) => ({ order_id })), failed: [] };
    },
    cancelAll: async () => {
      record('cancelAll', undefined);
      return { count: 0 };
    },
    batchCancel: async (params) => {
      record('batchCancel', params);
      return { count: 0 };
    },
    cancelAllOrdersAfter: async (params) => {
      record('cancelAllOrdersAfter', params);
      return { currentTime: 't', triggerTime: 't' };
    },
  };
  return { client, calls };
}

const LONG: WsAddOrderParams = {
  symbol: 'XBT/USD',
  side: 'buy',
  order_type: 'limit',
  order_qty: '1',
  limit_price: '50000',
  margin: true,
};

/** A guard whose audit trail counts every decision: a refusal before the guard reads anything leaves it at 0. */
function auditedGuard() {
  const { guard } = testGuard();
  const judged: unknown[] = [];
  guard.onAudit((event) => {
    if (event.type === 'decision') judged.push(event.intent);
  });
  return { guard, judged };
}

describe('guardWsClient validates each WebSocket order once, before the guard reads it', () => {
  it('hands the client the very order the guard judged; raw params are parsed once by the session', async () => {
    const { guard, judged } = auditedGuard();
    const { client, calls } = recordingWsClient();
    const guarded = guardWsClient(client, guard, { newId: () => 'cl-1' });
    const order = parseWsOrder(LONG);
    await guarded.addOrder(order);
    expect(calls[0]?.params).toBe(order);
    await guarded.addOrder({ ...LONG, order_qty: '2' });
    expect(isValidatedWsOrder(calls[1]?.params)).toBe(true);
    expect(calls[1]?.params).toMatchObject({ cl_ord_id: 'cl-1', order_qty: new Decimal('2') });
    // The audit trail writes a WebSocket order in the intent's shape, as it writes a REST one.
    expect(judged[1]).toEqual({
      pair: 'XBT/USD',
      side: 'buy',
      orderType: 'limit',
      volume: '2',
      price: '50000',
      margin: true,
      clOrdId: 'cl-1',
    });
  });

  it('judges a batch from its validated orders and sends that batch', async () => {
    const { guard } = auditedGuard();
    const { client, calls } = recordingWsClient();
    let id = 0;
    const guarded = guardWsClient(client, guard, { newId: () => `b-${++id}` });
    const { symbol: _symbol, margin: _margin, ...fields } = LONG;
    await guarded.batchAdd({ symbol: 'XBT/USD', orders: [fields, { ...fields, limit_price: '49000' }] });
    const sent = calls[0]?.params;
    expect(isValidatedWsOrderBatch(sent)).toBe(true);
    expect((sent as { orders: Array<{ cl_ord_id?: string }> }).orders.map((o) => o.cl_ord_id)).toEqual([
      'b-1',
      'b-2',
    ]);
    // Each answer was matched to its reservation by the cl_ord_id the validated order carried.
    expect(guard.orders().map((order) => [order.txid, order.price, order.status])).toEqual([
      ['OWS-1', '50000', 'open'],
      ['OWS-2', '49000', 'open'],
    ]);
  });

  it('hands amends and cancels to the client as validated once, frozen', async () => {
    const { guard } = auditedGuard();
    const { client, calls } = recordingWsClient();
    const guarded = guardWsClient(client, guard);
    const placed = await guarded.addOrder(LONG);
    await guarded.amendOrder({ order_id: placed.order_id, order_qty: '0.5' });
    await guarded.cancelOrder({ order_id: [placed.order_id] });
    await guarded.batchCancel({ orders: [placed.order_id] });
    const [, amend, cancel, batchCancel] = calls;
    expect(amend?.params).toEqual({ order_id: placed.order_id, order_qty: new Decimal('0.5') });
    expect(cancel?.params).toEqual({ order_id: [placed.order_id] });
    expect(batchCancel?.params).toEqual({ orders: [placed.order_id] });
    for (const call of [amend, cancel, batchCancel]) expect(Object.isFrozen(call?.params)).toBe(true);
  });

  const accessor = Object.defineProperty({ ...LONG }, 'order_qty', { get: () => '1', enumerable: true });
  const hostile: Array<[method: string, params: unknown, field: string]> = [
    ['addOrder', null, 'ws:add_order params'],
    ['addOrder', { ...LONG, order_qty: 1 }, 'ws:add_order.order_qty'],
    ['addOrder', { ...LONG, reduceOnly: true }, 'ws:add_order.reduceOnly'],
    ['addOrder', accessor, 'ws:add_order.order_qty'],
    ['addOrder', JSON.parse('{"__proto__":{"polluted":1},"symbol":"XBT/USD"}'), 'ws:add_order.__proto__'],
    ['batchAdd', { symbol: 'XBT/USD', orders: [LONG, null] }, 'ws:batch_add.orders[0].symbol'],
    ['batchAdd', { symbol: 'XBT/USD', orders: 'not a list' }, 'ws:batch_add.orders'],
    ['amendOrder', { order_id: 'O1', order_qty: 0.5 }, 'ws:amend_order.order_qty'],
    ['cancelOrder', { order_id: 7 }, 'ws:cancel_order.order_id'],
    ['batchCancel', { orders: [7] }, 'ws:batch_cancel.orders[0]'],
  ];

  it.each(hostile)(
    '%s(%j) → ValidationError naming %s; the guard read nothing, nothing sent',
    async (method, params, field) => {
      const { guard, judged } = auditedGuard();
      const { client, calls } = recordingWsClient();
      const guarded = guardWsClient(client, guard) as unknown as Record<
        string,
        (p: unknown) => Promise<unknown>
      >;
      const error = await guarded[method]?.(params).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect(judged).toEqual([]);
      expect(calls).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('refuses an amend to a relative price (pct, quote) as it refuses such an order: it cannot be judged', async () => {
    const { guard } = auditedGuard();
    const { client, calls } = recordingWsClient();
    const guarded = guardWsClient(client, guard);
    const placed = await guarded.addOrder(LONG);
    const refusal = guarded.amendOrder({
      order_id: placed.order_id,
      limit_price: '5',
      limit_price_type: 'pct',
    });
    await expect(refusal).rejects.toBeInstanceOf(GuardRejectedError);
    await expect(refusal).rejects.toMatchObject({ code: 'EGuard:Invalid intent' });
    expect(calls.map((call) => call.method)).toEqual(['addOrder']);
  });
});
