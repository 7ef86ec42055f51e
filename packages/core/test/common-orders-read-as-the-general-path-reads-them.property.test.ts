import { Decimal, isValidatedOrder, parseOrder, type ValidationError } from '@krakenkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCommonOrder } from '../src/orders/common-order.js';
import { ADD_ORDER_FIELD_NAMES } from '../src/orders/order-types.js';
import { parseOrderInFull } from '../src/orders/parse-order.js';
import { readParams } from '../src/params/params-object.js';

// Values each field may take, valid ones first: the valid are drawn far more often, so orders of the common shape
// come out whole often enough; the invalid (bad text, other types) and Decimals (which the common shape leaves to
// the general path) test that both ways refuse alike. Fields outside the common shape are mixed in at times.
const VALID: Record<string, readonly unknown[]> = {
  pair: ['XBTUSD', 'BTC/USD', 'XXBTZUSD'],
  type: ['buy', 'sell'],
  ordertype: ['limit', 'market'],
  price: ['37500', '0.00001', '+5', '+5%', '#2', '-2.5%'],
  volume: ['1.25', '000.5', '0.00000001'],
  cl_ord_id: ['8c3f2a0e-1b2c-4d5e-8f90-123456789abc', 'short-id'],
  userref: [0, 123, -5, '77'],
  validate: [true, false],
  leverage: ['2', 'none'],
  oflags: ['post', 'fcib', 'post,fciq', 'nompp', 'viqc'],
  timeinforce: ['IOC', 'GTD'],
  reduce_only: [true],
  price2: ['1'],
};
const INVALID: Record<string, readonly unknown[]> = {
  pair: ['', 'bad pair!', 5, undefined],
  type: ['hold', 1, undefined],
  ordertype: ['stop-loss', 'settle-position', 'bogus', 3, undefined],
  price: ['0', '-1', 'abc', '1e5', '', 100, new Decimal('37500'), undefined],
  volume: ['0', '-1', 'x', '1.', 1.5, new Decimal('1.25'), undefined],
  cl_ord_id: ['x'.repeat(40), 7],
  userref: [2 ** 31, 'abc', 1.5],
  validate: ['true'],
  leverage: [],
  oflags: ['bogus', 'fcib,fciq', 'post,post', '', ['post'], 5],
  timeinforce: [],
  reduce_only: [],
  price2: [],
};

const COMMON = ['pair', 'type', 'ordertype', 'price', 'volume', 'cl_ord_id', 'userref', 'oflags', 'validate'];
const OTHERS = ['leverage', 'timeinforce', 'reduce_only', 'price2'];

function field(name: string): fc.Arbitrary<unknown> {
  const valid = fc.constantFrom(...(VALID[name] as unknown[]));
  const invalid = INVALID[name] as unknown[];
  return invalid.length === 0
    ? valid
    : fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
}
const params = fc.record(
  {
    ...Object.fromEntries(COMMON.map((name) => [name, field(name)])),
    ...Object.fromEntries(OTHERS.map((name) => [name, field(name)])),
  },
  { requiredKeys: ['pair', 'type', 'ordertype', 'volume'] },
);
// Most orders without the fields outside the common shape, and mostly consistent (a price only on limit orders,
// not both ids), so the common shape is met often; the rest test the hand-over to the general path.
const orders = fc.tuple(params, fc.nat(9), fc.nat(9)).map(([order, others, consistent]) => {
  const copy: Record<string, unknown> =
    others < 7
      ? Object.fromEntries(Object.entries(order).filter(([name]) => COMMON.includes(name)))
      : { ...order };
  if (consistent < 8) {
    if (copy['ordertype'] === 'limit') copy['price'] ??= '37500';
    else delete copy['price'];
    if (copy['userref'] !== undefined) delete copy['cl_ord_id'];
  }
  return copy;
});

type Outcome =
  | { ok: true; keys: string[]; values: unknown[]; sealed: boolean; frozen: boolean }
  | { ok: false; kind: string; code: unknown; field: unknown; message: string };

function outcomeOf(parse: (params: unknown) => unknown, input: unknown): Outcome {
  try {
    const order = parse(input) as Record<string, unknown>;
    const keys = Object.keys(order);
    return {
      ok: true,
      keys,
      // A Decimal by its class and value, so a Decimal of another configuration would show.
      values: keys.map((key) => {
        const value = order[key];
        return value instanceof Decimal ? ['Decimal', value.constructor === Decimal, value.toFixed()] : value;
      }),
      sealed: isValidatedOrder(order),
      frozen: Object.isFrozen(order),
    };
  } catch (error) {
    const { code, field } = error as ValidationError;
    return {
      ok: false,
      kind: (error as Error).constructor.name,
      code,
      field,
      message: (error as Error).message,
    };
  }
}

/** Which way parseOrder takes an input: the common shape (answered or refused there) or the general path. */
function route(input: unknown): 'common' | 'common-refused' | 'general' | 'unreadable' {
  let snapshot: Readonly<Record<string, unknown>>;
  try {
    snapshot = readParams('AddOrder', input, ADD_ORDER_FIELD_NAMES);
  } catch {
    return 'unreadable';
  }
  try {
    return readCommonOrder(snapshot) === undefined ? 'general' : 'common';
  } catch {
    return 'common-refused';
  }
}

describe('an order of the common shape', () => {
  it('gets from parseOrder what the general path answers, its first error included', () => {
    const routes = { common: 0, 'common-refused': 0, general: 0, unreadable: 0 };
    fc.assert(
      fc.property(orders, (input) => {
        routes[route(input)] += 1;
        expect(outcomeOf(parseOrder, input)).toEqual(outcomeOf(parseOrderInFull, input));
      }),
      { numRuns: 3000 },
    );
    // Both ways, and refusals on the common one, are exercised.
    expect(routes.common).toBeGreaterThan(500);
    expect(routes['common-refused']).toBeGreaterThan(100);
    expect(routes.general).toBeGreaterThan(500);
  });

  it('is read by the common shape, sorted, sealed and frozen', () => {
    const input = {
      volume: '1.25',
      userref: '77',
      price: '37500',
      type: 'buy',
      validate: true,
      pair: 'XBTUSD',
      ordertype: 'limit',
    };
    const snapshot = readParams('AddOrder', input, ADD_ORDER_FIELD_NAMES);
    expect(readCommonOrder(snapshot)).toBeDefined();
    const order = parseOrder(input);
    expect(Object.keys(order)).toEqual([
      'ordertype',
      'pair',
      'price',
      'type',
      'userref',
      'validate',
      'volume',
    ]);
    expect(order.userref).toBe(77);
    expect(isValidatedOrder(order) && Object.isFrozen(order)).toBe(true);
    expect(outcomeOf(parseOrder, input)).toEqual(outcomeOf(parseOrderInFull, input));
  });

  it('leaves anything else to the general path before converting a field', () => {
    for (const input of [
      { pair: 'bad pair!', type: 'buy', ordertype: 'limit', price: '1', volume: '1', timeinforce: 'IOC' },
      { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1', volume: '1', oflags: ['post'] },
      { pair: 'XBTUSD', type: 'buy', ordertype: 'market', price: '1', volume: '1' },
      { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: new Decimal(1), volume: '1' },
      {
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        price: '1',
        volume: '1',
        userref: 1,
        cl_ord_id: 'a',
      },
      { pair: 'XBTUSD', type: 'buy', ordertype: 'stop-loss', price: '1', volume: '1' },
    ]) {
      expect(readCommonOrder(readParams('AddOrder', input, ADD_ORDER_FIELD_NAMES))).toBeUndefined();
    }
  });
});
