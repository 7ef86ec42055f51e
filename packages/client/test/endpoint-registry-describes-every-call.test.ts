import { describe, expect, it } from 'vitest';
import { type EndpointDescriptor, type EndpointName, endpoints } from '../src/endpoints/index.js';
import { ALL_PERMISSIONS, PERMISSIONS } from '../src/keys/permissions.js';

const all = Object.entries(endpoints) as Array<[EndpointName, EndpointDescriptor<unknown, unknown>]>;
const byName = (name: string) => all.find(([, d]) => d.name === name)?.[1];

const MARKET = [
  'Time',
  'SystemStatus',
  'Assets',
  'AssetPairs',
  'Ticker',
  'Depth',
  'OHLC',
  'Trades',
  'Spread',
];
const TRADING: Record<string, string> = {
  AddOrder: 'add',
  AddOrderBatch: 'batch-add',
  AmendOrder: 'amend',
  EditOrder: 'edit',
  CancelOrder: 'cancel',
  CancelAll: 'cancel-all',
  CancelAllOrdersAfter: 'dead-man',
  CancelOrderBatch: 'batch-cancel',
};
const HISTORY = ['Ledgers', 'QueryLedgers', 'TradesHistory', 'QueryTrades', 'ClosedOrders'];
const READS = [
  'Balance',
  'BalanceEx',
  'TradeBalance',
  'OpenOrders',
  'ClosedOrders',
  'QueryOrders',
  'TradesHistory',
  'QueryTrades',
  'OpenPositions',
  'Ledgers',
  'QueryLedgers',
  'TradeVolume',
  'DepositMethods',
  'WithdrawInfo',
  'WithdrawStatus',
  'GetWebSocketsToken',
];

describe('the endpoints registry', () => {
  it('keys each descriptor by the camelCase of its Kraken name', () => {
    for (const [key, descriptor] of all) {
      expect(key.toLowerCase()).toBe(descriptor.name.toLowerCase());
      expect(key[0]).toBe(key[0]?.toLowerCase());
    }
    expect(new Set(all.map(([, d]) => d.name)).size).toBe(all.length);
  });

  it('has every endpoint the brief lists', () => {
    const expected = [...MARKET, ...Object.keys(TRADING), 'GetWebSocketsToken', ...READS, 'Withdraw'];
    for (const name of expected) expect(byName(name), name).toBeDefined();
  });

  it('marks market data public, unpermissioned, query-encoded and idempotent', () => {
    for (const name of MARKET) {
      const d = byName(name)!;
      expect([d.access, d.permissions, d.rate, d.encoding, d.idempotent]).toEqual([
        'public',
        [],
        { kind: 'public' },
        'query',
        true,
      ]);
    }
  });

  it('charges trading calls to the matching engine and never treats them as idempotent', () => {
    for (const [name, action] of Object.entries(TRADING)) {
      const d = byName(name)!;
      expect(d.rate).toEqual({ kind: 'trading', action });
      expect(d.idempotent).toBe(false);
      expect(d.access).toBe('private');
    }
  });

  it('charges history calls the configurable history cost and other private calls 1', () => {
    for (const [, d] of all) {
      if (d.access === 'public' || d.rate.kind === 'trading') continue;
      expect(d.rate).toEqual({ kind: 'rest', cost: HISTORY.includes(d.name) ? 'history' : 1 });
    }
  });

  it('marks reads idempotent and writes not', () => {
    for (const [, d] of all) {
      if (d.access === 'public') continue;
      expect(d.idempotent, d.name).toBe(READS.includes(d.name));
    }
    expect(endpoints.withdraw.idempotent).toBe(false);
  });

  it('encodes private calls as forms, except the two batch calls as JSON', () => {
    for (const [, d] of all) {
      if (d.access === 'public') continue;
      expect(d.encoding, d.name).toBe(
        d.name === 'AddOrderBatch' || d.name === 'CancelOrderBatch' ? 'json' : 'form',
      );
    }
  });

  it('requires permissions from the docs/kraken/api-keys.md table on every private call', () => {
    for (const [, d] of all) {
      if (d.access === 'public') continue;
      expect(d.permissions.length, d.name).toBeGreaterThan(0);
      for (const permission of d.permissions) expect(ALL_PERMISSIONS).toContain(permission);
    }
    const either = [PERMISSIONS.trades_modify, PERMISSIONS.trades_close];
    expect(endpoints.cancelOrder.permissions).toEqual(either);
    expect(endpoints.amendOrder.permissions).toEqual(either);
    expect(endpoints.addOrder.permissions).toEqual([PERMISSIONS.trades_modify]);
    expect(endpoints.cancelAll.permissions).toEqual([PERMISSIONS.trades_close]);
    expect(endpoints.balance.permissions).toEqual([PERMISSIONS.funds_query]);
    expect(endpoints.openOrders.permissions).toEqual([PERMISSIONS.trades_query_open]);
    expect(endpoints.closedOrders.permissions).toEqual([PERMISSIONS.trades_query_closed]);
    expect(endpoints.ledgers.permissions).toEqual([PERMISSIONS.ledger_query]);
    expect(endpoints.getWebSocketsToken.permissions).toEqual([PERMISSIONS.websocket]);
    expect(endpoints.withdraw.permissions).toEqual([PERMISSIONS.funds_withdraw]);
    expect(endpoints.depositMethods.permissions).toEqual([PERMISSIONS.funds_add]);
  });
});
