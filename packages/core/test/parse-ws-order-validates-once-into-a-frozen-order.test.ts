import {
  Decimal,
  isValidatedOrder,
  isValidatedWsOrder,
  isValidatedWsOrderBatch,
  parseWsOrder,
  parseWsOrderBatch,
  ValidationError,
} from '@krakenkit/core';
import { describe, expect, it } from 'vitest';

const LIMIT = {
  symbol: 'BTC/USD',
  side: 'buy',
  order_type: 'limit',
  order_qty: '1.25',
  limit_price: '37500',
} as const;

function refusal(attempt: () => unknown): ValidationError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('parseWsOrder validates a WebSocket order once into a frozen order', () => {
  it("answers v2's field names with money as Decimals of the shared configuration and a client order id", () => {
    const order = parseWsOrder({ ...LIMIT, margin: true }, { newId: () => 'id-1' });
    expect(isValidatedWsOrder(order)).toBe(true);
    expect(isValidatedOrder(order)).toBe(false);
    expect(Object.isFrozen(order)).toBe(true);
    expect(order.order_qty?.constructor).toBe(Decimal);
    expect(order.order_qty?.toFixed()).toBe('1.25');
    expect(order.limit_price?.toFixed()).toBe('37500');
    expect(order).toMatchObject({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', margin: true });
    expect(order.cl_ord_id).toBe('id-1');
    expect(parseWsOrder({ ...LIMIT, order_userref: 7 }).cl_ord_id).toBeUndefined();
    expect(parseWsOrder(LIMIT).cl_ord_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a trigger and a conditional close frozen, an offset price (pct, quote) signed', () => {
    const order = parseWsOrder({
      ...LIMIT,
      order_type: 'stop-loss-limit',
      triggers: { price: '-2', price_type: 'pct', reference: 'index' },
      conditional: { order_type: 'limit', limit_price: '40000' },
    });
    expect(order.triggers?.price.toFixed()).toBe('-2');
    expect(Object.isFrozen(order.triggers)).toBe(true);
    expect(Object.isFrozen(order.conditional)).toBe(true);
    expect(refusal(() => parseWsOrder({ ...LIMIT, triggers: { price: '-2' } })).field).toBe(
      'ws:add_order.triggers.price',
    );
  });

  it('refuses what the WebSocket client refused, naming the field', () => {
    expect(refusal(() => parseWsOrder({ ...LIMIT, order_qty: 1.25 })).field).toBe('ws:add_order.order_qty');
    expect(refusal(() => parseWsOrder({ ...LIMIT, cash_order_qty: '10' })).field).toBe(
      'ws:add_order.cash_order_qty',
    );
    expect(refusal(() => parseWsOrder({ ...LIMIT, limit_price: undefined })).field).toBe(
      'ws:add_order.limit_price',
    );
    expect(refusal(() => parseWsOrder({ ...LIMIT, cl_ord_id: 'a', order_userref: 1 })).field).toBe(
      'ws:add_order.order_userref',
    );
    expect(refusal(() => parseWsOrder({ ...LIMIT, conditional: { order_type: 'market' } })).field).toBe(
      'ws:add_order.conditional.order_type',
    );
    expect(refusal(() => parseWsOrder({ ...LIMIT, leverage: '5' })).field).toBe('ws:add_order.leverage');
  });

  it('does not count a copy or a look-alike as validated', () => {
    const order = parseWsOrder(LIMIT);
    expect(isValidatedWsOrder({ ...order })).toBe(false);
    expect(isValidatedWsOrder(LIMIT)).toBe(false);
    expect(isValidatedWsOrder(null)).toBe(false);
  });

  it('validates a batch: 2–15 orders on one symbol, each carrying it, client order ids unique', () => {
    const { symbol: _symbol, ...fields } = LIMIT;
    let id = 0;
    const batch = parseWsOrderBatch(
      { symbol: 'BTC/USD', orders: [fields, fields] },
      { newId: () => `b-${++id}` },
    );
    expect(isValidatedWsOrderBatch(batch)).toBe(true);
    expect(Object.isFrozen(batch.orders)).toBe(true);
    expect(batch.orders.map((order) => [order.symbol, order.cl_ord_id, isValidatedWsOrder(order)])).toEqual([
      ['BTC/USD', 'b-1', true],
      ['BTC/USD', 'b-2', true],
    ]);
    expect(refusal(() => parseWsOrderBatch({ symbol: 'BTC/USD', orders: [fields] })).field).toBe(
      'ws:batch_add.orders',
    );
    const twice = { ...fields, cl_ord_id: 'same' };
    expect(refusal(() => parseWsOrderBatch({ symbol: 'BTC/USD', orders: [twice, twice] })).field).toBe(
      'ws:batch_add.orders[1].cl_ord_id',
    );
  });
});
