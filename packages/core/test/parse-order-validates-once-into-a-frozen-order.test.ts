import {
  Decimal,
  isValidatedOrder,
  isValidatedOrderBatch,
  parseLeverage,
  parseOrder,
  parseOrderBatch,
  ValidationError,
} from '@krakenkit/core';
import { describe, expect, it } from 'vitest';

const LIMIT = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '1.25', price: '37500' } as const;

function refusal(attempt: () => unknown): ValidationError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('parseOrder validates once into a frozen order', () => {
  it('answers Kraken field names with money as Decimals of the shared configuration', () => {
    const order = parseOrder({ ...LIMIT, oflags: 'post', leverage: '5:1' });
    expect(isValidatedOrder(order)).toBe(true);
    expect(Object.isFrozen(order)).toBe(true);
    expect(order.volume).toBeInstanceOf(Decimal);
    expect(order.volume.constructor).toBe(Decimal);
    expect(order.volume.toFixed()).toBe('1.25');
    expect((order.price as Decimal).toFixed()).toBe('37500');
    expect(order.oflags).toEqual(['post']);
    expect(order.leverage).toBe(5);
    expect(order.pair).toBe('XBTUSD');
  });

  it('keeps an offset from the last price as its checked text', () => {
    const order = parseOrder({ ...LIMIT, ordertype: 'stop-loss-limit', price: '-2%', price2: '#100' });
    expect(order.price).toBe('-2%');
    expect(order.price2).toBe('#100');
    const trailing = parseOrder({ ...LIMIT, ordertype: 'trailing-stop', price: '+1.5%' });
    expect(trailing.price).toBe('+1.5%');
  });

  it('does not count a copy or a look-alike as validated', () => {
    const order = parseOrder(LIMIT);
    expect(isValidatedOrder({ ...order })).toBe(false);
    expect(isValidatedOrder({ ...order, volume: '1000000' })).toBe(false);
    expect(isValidatedOrder(LIMIT)).toBe(false);
    expect(isValidatedOrder(undefined)).toBe(false);
  });

  it('reads one leverage grammar: "none", or an integer of at least 2 as 5, "5" or "5:1"', () => {
    expect(parseLeverage('leverage', 5)).toBe(5);
    expect(parseLeverage('leverage', '5')).toBe(5);
    expect(parseLeverage('leverage', '5:1')).toBe(5);
    expect(parseLeverage('leverage', 'none')).toBe('none');
    for (const bad of ['1', 1, '5:2', '0', 5.5, '05', ' 5', 'five', null, 1000]) {
      expect(() => parseLeverage('leverage', bad), String(bad)).toThrow(ValidationError);
    }
  });

  it('refuses hostile input with a ValidationError naming the field and the value', () => {
    expect(refusal(() => parseOrder({ ...LIMIT, volume: 0.5 })).field).toBe('AddOrder.volume');
    expect(refusal(() => parseOrder({ ...LIMIT, volume: '1e3' })).value).toBe('1e3');
    expect(refusal(() => parseOrder({ ...LIMIT, reduceOnly: true })).code).toBe('KRAKENKIT_UNKNOWN_PARAM');
    expect(refusal(() => parseOrder(JSON.parse('{"__proto__":{"x":1}}'))).code).toBe(
      'KRAKENKIT_FORBIDDEN_PARAM',
    );
    const getter = Object.defineProperty({ ...LIMIT }, 'price', { get: () => '1', enumerable: true });
    expect(refusal(() => parseOrder(getter)).field).toBe('AddOrder.price');
    const trap = new Proxy(
      { ...LIMIT },
      {
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    expect(refusal(() => parseOrder(trap)).field).toBe('AddOrder params');
    expect(refusal(() => parseOrder(null)).field).toBe('AddOrder params');
    expect(refusal(() => parseOrder({ ...LIMIT, ordertype: 'market' })).field).toBe('AddOrder.price');
    expect(refusal(() => parseOrder({ ...LIMIT, oflags: ['post', 'post'] })).field).toBe('AddOrder.oflags');
  });

  it('allows volume 0 only on an order that closes a margin position', () => {
    expect(() => parseOrder({ ...LIMIT, volume: '0' })).toThrow(ValidationError);
    expect(parseOrder({ ...LIMIT, volume: '0', leverage: '2' }).volume.isZero()).toBe(true);
    expect(parseOrder({ ...LIMIT, volume: '0', reduce_only: true }).volume.isZero()).toBe(true);
  });

  it('validates a batch: each order carries the pair, client ids unique, 2 to 15 orders', () => {
    const batch = parseOrderBatch({
      pair: 'XBTUSD',
      orders: [
        { ordertype: 'limit', type: 'buy', volume: '1', price: '100', cl_ord_id: 'a' },
        { ordertype: 'limit', type: 'sell', volume: '1', price: '110', cl_ord_id: 'b' },
      ],
    });
    expect(isValidatedOrderBatch(batch)).toBe(true);
    expect(batch.orders.map((order) => [order.pair, isValidatedOrder(order)])).toEqual([
      ['XBTUSD', true],
      ['XBTUSD', true],
    ]);
    const twice = { ordertype: 'limit', type: 'buy', volume: '1', price: '100', cl_ord_id: 'a' };
    expect(refusal(() => parseOrderBatch({ pair: 'XBTUSD', orders: [twice, twice] })).field).toBe(
      'AddOrderBatch.orders[1].cl_ord_id',
    );
    expect(refusal(() => parseOrderBatch({ pair: 'XBTUSD', orders: [twice] })).field).toBe(
      'AddOrderBatch.orders',
    );
  });
});
