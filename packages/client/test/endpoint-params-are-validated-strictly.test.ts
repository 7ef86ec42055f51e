import { Decimal } from '@krakenkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EndpointName, endpoints } from '../src/endpoints/index.js';
import { ValidationError } from '../src/errors/index.js';

interface BadCase {
  method: EndpointName;
  params: unknown;
  /** The field the error must name. */
  field: string;
  code?: string;
}

const LIMIT = { ordertype: 'limit', type: 'buy', volume: '1', pair: 'XBTUSD', price: '100' } as const;
const ORDER = { ordertype: 'limit', type: 'buy', volume: '1', price: '100' } as const;

const BAD: BadCase[] = [
  // required fields and enums
  { method: 'addOrder', params: { ...LIMIT, pair: undefined }, field: 'AddOrder.pair' },
  { method: 'addOrder', params: { type: 'buy', volume: '1', pair: 'XBTUSD' }, field: 'AddOrder.ordertype' },
  { method: 'addOrder', params: { ...LIMIT, ordertype: 'LIMIT' }, field: 'AddOrder.ordertype' },
  { method: 'addOrder', params: { ...LIMIT, type: 'long' }, field: 'AddOrder.type' },
  { method: 'addOrder', params: { ...LIMIT, timeinforce: 'gtc' }, field: 'AddOrder.timeinforce' },
  { method: 'addOrder', params: { ...LIMIT, stptype: 'cancel_newest' }, field: 'AddOrder.stptype' },
  {
    method: 'addOrder',
    params: { ...LIMIT, ordertype: 'stop-loss', trigger: 'mark' },
    field: 'AddOrder.trigger',
  },
  { method: 'addOrder', params: { ...LIMIT, oflags: ['post', 'hidden'] }, field: 'AddOrder.oflags' },
  { method: 'addOrder', params: { ...LIMIT, oflags: 'fcib,fciq' }, field: 'AddOrder.oflags' },
  { method: 'addOrder', params: { ...LIMIT, oflags: ['post', 'post'] }, field: 'AddOrder.oflags' },
  // money
  {
    method: 'addOrder',
    params: { ...LIMIT, volume: 1.5 },
    field: 'AddOrder.volume',
    code: 'KRAKENKIT_MONEY_NOT_DECIMAL',
  },
  { method: 'addOrder', params: { ...LIMIT, volume: Number.NaN }, field: 'AddOrder.volume' },
  { method: 'addOrder', params: { ...LIMIT, volume: '1e5' }, field: 'AddOrder.volume' },
  { method: 'addOrder', params: { ...LIMIT, volume: '-1' }, field: 'AddOrder.volume' },
  { method: 'addOrder', params: { ...LIMIT, volume: '' }, field: 'AddOrder.volume' },
  { method: 'addOrder', params: { ...LIMIT, volume: '0' }, field: 'AddOrder.volume' },
  { method: 'addOrder', params: { ...LIMIT, price: 37500 }, field: 'AddOrder.price' },
  { method: 'addOrder', params: { ...LIMIT, price: 'Infinity' }, field: 'AddOrder.price' },
  // prices by order type
  { method: 'addOrder', params: { ...LIMIT, price: undefined }, field: 'AddOrder.price' },
  { method: 'addOrder', params: { ...LIMIT, ordertype: 'market' }, field: 'AddOrder.price' },
  { method: 'addOrder', params: { ...LIMIT, price2: '90' }, field: 'AddOrder.price2' },
  { method: 'addOrder', params: { ...LIMIT, ordertype: 'stop-loss-limit' }, field: 'AddOrder.price2' },
  { method: 'addOrder', params: { ...LIMIT, price: '+0' }, field: 'AddOrder.price' },
  { method: 'addOrder', params: { ...LIMIT, price: '++5' }, field: 'AddOrder.price' },
  { method: 'addOrder', params: { ...LIMIT, price: '5%' }, field: 'AddOrder.price' },
  {
    method: 'addOrder',
    params: { ...LIMIT, ordertype: 'trailing-stop', price: '50' },
    field: 'AddOrder.price',
  },
  {
    method: 'addOrder',
    params: { ...LIMIT, ordertype: 'trailing-stop', price: '-50' },
    field: 'AddOrder.price',
  },
  {
    method: 'addOrder',
    params: { ...LIMIT, ordertype: 'trailing-stop-limit', price: '+50', price2: '#5' },
    field: 'AddOrder.price2',
  },
  // client ids, leverage, flags and timing
  { method: 'addOrder', params: { ...LIMIT, cl_ord_id: 'x'.repeat(19) }, field: 'AddOrder.cl_ord_id' },
  { method: 'addOrder', params: { ...LIMIT, cl_ord_id: 'has space' }, field: 'AddOrder.cl_ord_id' },
  {
    method: 'addOrder',
    params: { ...LIMIT, cl_ord_id: 'abc', userref: 1 },
    field: 'AddOrder.cl_ord_id',
    code: 'KRAKENKIT_CONFLICTING_PARAMS',
  },
  { method: 'addOrder', params: { ...LIMIT, userref: 2 ** 31 }, field: 'AddOrder.userref' },
  { method: 'addOrder', params: { ...LIMIT, userref: 1.5 }, field: 'AddOrder.userref' },
  { method: 'addOrder', params: { ...LIMIT, leverage: 1 }, field: 'AddOrder.leverage' },
  { method: 'addOrder', params: { ...LIMIT, leverage: '1' }, field: 'AddOrder.leverage' },
  { method: 'addOrder', params: { ...LIMIT, leverage: '5:2' }, field: 'AddOrder.leverage' },
  { method: 'addOrder', params: { ...LIMIT, leverage: 2.5 }, field: 'AddOrder.leverage' },
  { method: 'addOrder', params: { ...LIMIT, reduce_only: 'true' }, field: 'AddOrder.reduce_only' },
  { method: 'addOrder', params: { ...LIMIT, validate: 1 }, field: 'AddOrder.validate' },
  {
    method: 'addOrder',
    params: { ...LIMIT, ordertype: 'stop-loss', oflags: ['post'] },
    field: 'AddOrder.oflags',
  },
  {
    method: 'addOrder',
    params: { ...LIMIT, ordertype: 'market', price: undefined, type: 'sell', oflags: ['viqc'] },
    field: 'AddOrder.oflags',
  },
  {
    method: 'addOrder',
    params: { ...LIMIT, ordertype: 'market', price: undefined, oflags: ['viqc'], leverage: '2' },
    field: 'AddOrder.oflags',
  },
  { method: 'addOrder', params: { ...LIMIT, timeinforce: 'GTD' }, field: 'AddOrder.expiretm' },
  {
    method: 'addOrder',
    params: { ...LIMIT, timeinforce: 'IOC', expiretm: '+60' },
    field: 'AddOrder.expiretm',
  },
  {
    method: 'addOrder',
    params: { ...LIMIT, ordertype: 'stop-loss', timeinforce: 'FOK' },
    field: 'AddOrder.timeinforce',
  },
  { method: 'addOrder', params: { ...LIMIT, expiretm: '+4' }, field: 'AddOrder.expiretm' },
  { method: 'addOrder', params: { ...LIMIT, starttm: 'tomorrow' }, field: 'AddOrder.starttm' },
  { method: 'addOrder', params: { ...LIMIT, deadline: '2026-01-01 00:00:00' }, field: 'AddOrder.deadline' },
  { method: 'addOrder', params: { ...LIMIT, deadline: new Date(Number.NaN) }, field: 'AddOrder.deadline' },
  { method: 'addOrder', params: { ...LIMIT, displayvol: '0.5' }, field: 'AddOrder.displayvol' },
  {
    method: 'addOrder',
    params: { ...LIMIT, ordertype: 'iceberg', volume: '15', displayvol: '0.9' },
    field: 'AddOrder.displayvol',
  },
  { method: 'addOrder', params: { ...LIMIT, trigger: 'last' }, field: 'AddOrder.trigger' },
  { method: 'addOrder', params: { ...LIMIT, pair: 'XBT USD' }, field: 'AddOrder.pair' },
  // nested close
  {
    method: 'addOrder',
    params: { ...LIMIT, close: { ordertype: 'market' } },
    field: 'AddOrder.close.ordertype',
  },
  { method: 'addOrder', params: { ...LIMIT, close: { ordertype: 'limit' } }, field: 'AddOrder.close.price' },
  {
    method: 'addOrder',
    params: { ...LIMIT, close: { ordertype: 'limit', price: '1', volume: '1' } },
    field: 'AddOrder.close.volume',
    code: 'KRAKENKIT_UNKNOWN_PARAM',
  },
  { method: 'addOrder', params: { ...LIMIT, close: 'limit' }, field: 'AddOrder.close params' },
  // unknown and polluting keys
  {
    method: 'addOrder',
    params: { ...LIMIT, reduceOnly: true },
    field: 'AddOrder.reduceOnly',
    code: 'KRAKENKIT_UNKNOWN_PARAM',
  },
  {
    method: 'addOrder',
    params: { ...LIMIT, nonce: '1' },
    field: 'AddOrder.nonce',
    code: 'KRAKENKIT_UNKNOWN_PARAM',
  },
  {
    method: 'addOrder',
    params: JSON.parse('{"ordertype":"limit","__proto__":{"admin":true}}'),
    field: 'AddOrder.__proto__',
    code: 'KRAKENKIT_FORBIDDEN_PARAM',
  },
  {
    method: 'balance',
    params: { constructor: 'x' },
    field: 'Balance.constructor',
    code: 'KRAKENKIT_FORBIDDEN_PARAM',
  },
  { method: 'balance', params: { asset: 'XBT' }, field: 'Balance.asset', code: 'KRAKENKIT_UNKNOWN_PARAM' },
  { method: 'balance', params: 'all', field: 'Balance params' },
  { method: 'balance', params: new Map(), field: 'Balance params' },
  // batches and lists
  { method: 'addOrderBatch', params: { pair: 'XBTUSD', orders: [ORDER] }, field: 'AddOrderBatch.orders' },
  {
    method: 'addOrderBatch',
    params: { pair: 'XBTUSD', orders: Array.from({ length: 16 }, () => ORDER) },
    field: 'AddOrderBatch.orders',
  },
  {
    method: 'addOrderBatch',
    params: { pair: 'XBTUSD', orders: [ORDER, { ...ORDER, pair: 'ETHUSD' }] },
    field: 'AddOrderBatch.orders[1].pair',
  },
  {
    method: 'addOrderBatch',
    params: { pair: 'XBTUSD', orders: [ORDER, { ...ORDER, volume: 2 }] },
    field: 'AddOrderBatch.orders[1].volume',
  },
  {
    method: 'addOrderBatch',
    params: {
      pair: 'XBTUSD',
      orders: [
        { ...ORDER, cl_ord_id: 'a' },
        { ...ORDER, cl_ord_id: 'a' },
      ],
    },
    field: 'AddOrderBatch.orders[1].cl_ord_id',
  },
  {
    method: 'cancelOrderBatch',
    params: { orders: Array.from({ length: 51 }, (_, i) => `O${i}`) },
    field: 'CancelOrderBatch.orders',
  },
  {
    method: 'cancelOrderBatch',
    params: {
      orders: Array.from({ length: 30 }, (_, i) => `O${i}`),
      cl_ord_ids: Array.from({ length: 21 }, (_, i) => `c${i}`),
    },
    field: 'CancelOrderBatch.orders',
  },
  { method: 'cancelOrderBatch', params: {}, field: 'CancelOrderBatch.orders' },
  { method: 'cancelOrderBatch', params: { orders: ['A,B'] }, field: 'CancelOrderBatch.orders[0]' },
  {
    method: 'queryOrders',
    params: { txid: Array.from({ length: 51 }, (_, i) => `O${i}`) },
    field: 'QueryOrders.txid',
  },
  { method: 'queryOrders', params: { txid: [] }, field: 'QueryOrders.txid' },
  { method: 'queryOrders', params: { txid: ['O1', 'O1'] }, field: 'QueryOrders.txid[1]' },
  {
    method: 'queryTrades',
    params: { txid: Array.from({ length: 21 }, (_, i) => `T${i}`) },
    field: 'QueryTrades.txid',
  },
  // other endpoints
  { method: 'cancelOrder', params: {}, field: 'CancelOrder.txid|cl_ord_id' },
  {
    method: 'cancelOrder',
    params: { txid: 'O1', cl_ord_id: 'c' },
    field: 'CancelOrder.cl_ord_id',
    code: 'KRAKENKIT_CONFLICTING_PARAMS',
  },
  {
    method: 'amendOrder',
    params: { txid: 'O1' },
    field: 'AmendOrder.order_qty|display_qty|limit_price|trigger_price',
  },
  { method: 'amendOrder', params: { txid: 'O1', limit_price: '#5' }, field: 'AmendOrder.limit_price' },
  { method: 'editOrder', params: { txid: 'O1' }, field: 'EditOrder.pair' },
  { method: 'cancelAllOrdersAfter', params: { timeout: 86_400 }, field: 'CancelAllOrdersAfter.timeout' },
  { method: 'cancelAllOrdersAfter', params: { timeout: -1 }, field: 'CancelAllOrdersAfter.timeout' },
  { method: 'cancelAllOrdersAfter', params: {}, field: 'CancelAllOrdersAfter.timeout' },
  { method: 'depth', params: { pair: 'XBTUSD', count: 501 }, field: 'Depth.count' },
  { method: 'ohlc', params: { pair: 'XBTUSD', interval: 2 }, field: 'OHLC.interval' },
  { method: 'trades', params: { pair: 'XBTUSD', since: '1e9' }, field: 'Trades.since' },
  { method: 'assetPairs', params: { info: 'all' }, field: 'AssetPairs.info' },
  { method: 'withdraw', params: { asset: 'XBT', key: 'cold', amount: 0.1 }, field: 'Withdraw.amount' },
  { method: 'withdraw', params: { asset: 'XBT', amount: '0.1' }, field: 'Withdraw.key' },
  {
    method: 'withdraw',
    params: { asset: 'XBT', key: 'cold\nstorage', amount: '0.1' },
    field: 'Withdraw.key',
  },
  {
    method: 'withdrawInfo',
    params: { asset: 'XBT', key: 'cold', amount: '1e2' },
    field: 'WithdrawInfo.amount',
  },
  { method: 'ledgers', params: { type: 'fees' }, field: 'Ledgers.type' },
  { method: 'closedOrders', params: { ofs: -1 }, field: 'ClosedOrders.ofs' },
];

function toWire(method: EndpointName, params: unknown): Record<string, unknown> {
  return (endpoints[method] as { toWire(params: unknown): Record<string, unknown> }).toWire(params);
}

describe('invalid params throw a ValidationError naming the field', () => {
  it.each(BAD.map((bad, index) => [`${index} ${bad.method} → ${bad.field}`, bad] as const))(
    '%s',
    (_, bad) => {
      let thrown: unknown;
      try {
        toWire(bad.method, bad.params);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      const error = thrown as ValidationError;
      expect(error.field).toBe(bad.field);
      expect(error.code).toBe(bad.code ?? error.code);
      if (bad.code === undefined) expect(error.code).toMatch(/^KRAKENKIT_/);
      expect(error.category).toBe('validation');
    },
  );

  it('accepts the valid neighbours of the refused cases (the rules are not over-strict)', () => {
    expect(() => toWire('addOrder', { ...LIMIT, cl_ord_id: 'x'.repeat(18) })).not.toThrow();
    expect(() =>
      toWire('addOrder', { ...LIMIT, cl_ord_id: '0123456789abcdef0123456789ABCDEF' }),
    ).not.toThrow();
    expect(() => toWire('addOrder', { ...LIMIT, userref: -(2 ** 31) })).not.toThrow();
    expect(() => toWire('addOrder', { ...LIMIT, leverage: 'none' })).not.toThrow();
    // One leverage grammar with the guard (@krakenkit/core parseLeverage): 5, "5" and Kraken's "5:1" all send "5".
    for (const leverage of [5, '5', '5:1'])
      expect(toWire('addOrder', { ...LIMIT, leverage })['leverage']).toBe('5');
    expect(() => toWire('addOrder', { ...LIMIT, expiretm: '+5', timeinforce: 'GTD' })).not.toThrow();
    expect(() => toWire('addOrder', { ...LIMIT, timeinforce: 'FOK' })).not.toThrow();
    expect(() => toWire('addOrder', { ...LIMIT, volume: '0', reduce_only: true })).not.toThrow();
    expect(() =>
      toWire('addOrder', { ...LIMIT, ordertype: 'market', price: undefined, oflags: ['viqc'] }),
    ).not.toThrow();
    expect(() =>
      toWire('addOrderBatch', { pair: 'XBTUSD', orders: Array.from({ length: 15 }, () => ORDER) }),
    ).not.toThrow();
    expect(() =>
      toWire('cancelOrderBatch', { orders: Array.from({ length: 50 }, (_, i) => `O${i}`) }),
    ).not.toThrow();
    expect(() =>
      toWire('queryOrders', { txid: Array.from({ length: 50 }, (_, i) => `O${i}`) }),
    ).not.toThrow();
    expect(() => toWire('cancelAllOrdersAfter', { timeout: 0 })).not.toThrow();
    expect(() => toWire('addOrder', { ...LIMIT, reduce_only: undefined })).not.toThrow();
  });

  it('passes every well-formed limit order through with its decimal value unchanged, as plain text', () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 8n }))
      .map(([int, frac]) => `${int}.${frac}`);
    fc.assert(
      fc.property(decimal, decimal, fc.constantFrom('buy', 'sell'), (volume, price, type) => {
        const wire = toWire('addOrder', { ordertype: 'limit', type, volume, price, pair: 'XBTUSD' });
        // Validated once into Decimals (@krakenkit/core parseOrder): the value is kept, trailing zeros are not.
        const plain = (text: string) => new Decimal(text).toFixed();
        expect(wire).toEqual({
          ordertype: 'limit',
          pair: 'XBTUSD',
          price: plain(price),
          type,
          volume: plain(volume),
        });
      }),
    );
  });

  it('never crashes on arbitrary params: every endpoint returns wire params or throws a ValidationError', () => {
    const names = Object.keys(endpoints) as EndpointName[];
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.anything({ withObjectString: true, withNullPrototype: true }),
        (method, params) => {
          try {
            const wire = toWire(method, params);
            expect(typeof wire).toBe('object');
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never lets a prototype key through, whatever else the params hold', () => {
    const names = Object.keys(endpoints) as EndpointName[];
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
        (method, key, rest) => {
          const params = JSON.parse(
            JSON.stringify({ ...LIMIT, ...rest }).replace(/^\{/, `{"${key}":{"polluted":true},`),
          );
          expect(() => toWire(method, params)).toThrow(ValidationError);
          expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        },
      ),
    );
  });
});
