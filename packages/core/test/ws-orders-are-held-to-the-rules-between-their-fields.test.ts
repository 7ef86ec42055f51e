import { parseWsOrder, parseWsOrderBatch, ValidationError } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';

// A WebSocket order is held to the rules between its fields as a REST order is: refused before it leaves, naming
// the field and the value, not by the exchange afterwards.

const LIMIT = {
  symbol: 'BTC/USD',
  order_type: 'limit',
  side: 'buy',
  order_qty: '1.5',
  limit_price: '45000',
} as const;

function refusal(params: unknown): ValidationError {
  try {
    parseWsOrder(params);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('a WebSocket order', () => {
  it('with time_in_force gtd needs an expire_time, and an ioc order takes none', () => {
    expect(refusal({ ...LIMIT, time_in_force: 'gtd' })).toMatchObject({ field: 'ws:add_order.expire_time' });
    const ioc = refusal({ ...LIMIT, time_in_force: 'ioc', expire_time: '2030-01-01T00:00:00Z' });
    expect(ioc).toMatchObject({ field: 'ws:add_order.expire_time', value: '2030-01-01T00:00:00Z' });
    expect(() =>
      parseWsOrder({ ...LIMIT, time_in_force: 'gtd', expire_time: '2030-01-01T00:00:00Z' }),
    ).not.toThrow();
  });

  it('takes cash_order_qty on a market order only', () => {
    const limit = {
      symbol: 'BTC/USD',
      order_type: 'limit',
      side: 'buy',
      limit_price: '45000',
      cash_order_qty: '100',
    };
    expect(refusal(limit)).toMatchObject({ field: 'ws:add_order.cash_order_qty', value: '100' });
    expect(() =>
      parseWsOrder({ symbol: 'BTC/USD', order_type: 'market', side: 'buy', cash_order_qty: '100' }),
    ).not.toThrow();
  });

  it('takes display_qty on an iceberg only, at least 1/15 of its quantity, and an iceberg needs one', () => {
    expect(refusal({ ...LIMIT, display_qty: '0.5' })).toMatchObject({
      field: 'ws:add_order.display_qty',
      value: '0.5',
    });
    const iceberg = { ...LIMIT, order_type: 'iceberg' };
    expect(refusal(iceberg)).toMatchObject({ field: 'ws:add_order.display_qty' });
    // 1.5 / 15 = 0.1: 0.09 is too small, 0.1 is enough.
    expect(refusal({ ...iceberg, display_qty: '0.09' })).toMatchObject({
      field: 'ws:add_order.display_qty',
      value: '0.09',
    });
    expect(() => parseWsOrder({ ...iceberg, display_qty: '0.1' })).not.toThrow();
  });

  it('in a batch is held to the same rules, the entry named', () => {
    const { symbol: _symbol, ...entry } = LIMIT;
    expect(() =>
      parseWsOrderBatch({ symbol: 'BTC/USD', orders: [entry, { ...entry, time_in_force: 'gtd' }] }),
    ).toThrow(expect.objectContaining({ field: expect.stringContaining('orders[1]') }));
  });
});
