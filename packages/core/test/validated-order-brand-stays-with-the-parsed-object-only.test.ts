import { describe, expect, it } from 'vitest';
import { isValidatedOrder, isValidatedOrderBatch, parseOrder, parseOrderBatch } from '../src/index.js';

const LIMIT = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '37500', volume: '1.25' } as const;

describe('validated order brand', () => {
  it('marks the parsed, frozen order and nothing derived from it', () => {
    const order = parseOrder(LIMIT);
    expect(isValidatedOrder(order)).toBe(true);
    expect(Object.isFrozen(order)).toBe(true);
    for (const derived of [
      { ...order },
      Object.assign({}, order),
      Object.create(order),
      new Proxy(order, {}),
      JSON.parse(JSON.stringify(order)),
    ]) {
      expect(isValidatedOrder(derived)).toBe(false);
    }
    for (const other of [undefined, null, 1, 'order', LIMIT, () => order]) {
      expect(isValidatedOrder(other)).toBe(false);
    }
  });

  it('adds nothing a reader of the order can see: keys, symbols and prototype are those of the fields', () => {
    const order = parseOrder(LIMIT);
    expect(Reflect.ownKeys(order)).toEqual(['ordertype', 'pair', 'price', 'type', 'volume']);
    expect(Object.getPrototypeOf(order)).toBe(Object.prototype);
    // A validated order passed where raw params are read is refused as data, not as a forged brand.
    expect(isValidatedOrder(parseOrder({ ...order, price: '37500', volume: '1.25' }))).toBe(true);
  });

  it('keeps order and batch brands apart', () => {
    const batch = parseOrderBatch({
      pair: 'XBTUSD',
      orders: [
        { type: 'buy', ordertype: 'limit', price: '37000', volume: '1' },
        { type: 'sell', ordertype: 'limit', price: '38000', volume: '1' },
      ],
    });
    expect(isValidatedOrderBatch(batch)).toBe(true);
    expect(isValidatedOrder(batch)).toBe(false);
    expect(isValidatedOrderBatch(batch.orders[0])).toBe(false);
    expect(batch.orders.every((order) => isValidatedOrder(order))).toBe(true);
    expect(isValidatedOrderBatch({ ...batch })).toBe(false);
    expect(isValidatedOrderBatch(new Proxy(batch, {}))).toBe(false);
    expect(Object.isFrozen(batch)).toBe(true);
  });
});
