import type { MockExchange } from '../../src/exchange.js';
import type { Order } from '../../src/orders/order.js';
import { call, ok, type TestKey } from './signer.js';
import type { World } from './world.js';

/** AddOrder that must succeed; returns the order as the exchange keeps it. */
export function place(w: World, params: Record<string, unknown>): Order {
  const result = ok<{ txid: string[] }>(w.exchange, w.key, 'AddOrder', params);
  const txid = result.txid[0]!;
  return w.exchange.account(w.accountId).orders.get(txid)!;
}

/** AddOrder expected to fail: returns its error array. */
export function reject(w: World, params: Record<string, unknown>): string[] {
  return call(w.exchange, w.key, 'AddOrder', params).error;
}

export function balance(w: World, asset: string): string {
  return w.exchange.account(w.accountId).balance(asset).toString();
}

export const limitBuy = (volume: string, price: string, extra: Record<string, unknown> = {}) => ({
  ordertype: 'limit',
  type: 'buy',
  pair: 'XBTUSD',
  volume,
  price,
  ...extra,
});

export const market = (type: 'buy' | 'sell', volume: string, extra: Record<string, unknown> = {}) => ({
  ordertype: 'market',
  type,
  pair: 'XBTUSD',
  volume,
  ...extra,
});

export function openTxids(exchange: MockExchange, key: TestKey): string[] {
  return Object.keys(ok<{ open: Record<string, unknown> }>(exchange, key, 'OpenOrders').open);
}
