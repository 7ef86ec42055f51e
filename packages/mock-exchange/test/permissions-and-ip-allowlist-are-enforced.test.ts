import { describe, expect, it } from 'vitest';
import { call } from './support/signer.js';
import { world } from './support/world.js';

const order = { ordertype: 'limit', type: 'buy', volume: '0.01', pair: 'XBTUSD', price: '60000.0' };

describe('key permissions (docs/kraken/api-keys.md)', () => {
  it('a query-only key may read balances but not trade', () => {
    const { exchange, key } = world({ permissions: ['Funds permissions - Query'] });
    expect(call(exchange, key, 'Balance').error).toEqual([]);
    expect(call(exchange, key, 'AddOrder', order).error).toEqual(['EGeneral:Permission denied']);
    expect(call(exchange, key, 'OpenOrders').error).toEqual(['EGeneral:Permission denied']);
  });

  it.each([
    ['Balance', 'funds_query'],
    ['BalanceEx', 'funds_query'],
    ['TradeBalance', 'funds_query'],
    ['OpenOrders', 'trades_query_open'],
    ['OpenPositions', 'trades_query_open'],
    ['ClosedOrders', 'trades_query_closed'],
    ['Ledgers', 'ledger_query'],
    ['GetWebSocketsToken', 'websocket'],
    ['CancelAll', 'trades_close'],
    ['WithdrawStatus', 'funds_withdraw'],
  ])('%s needs %s', (method, flag) => {
    const allowed = world({ permissions: [flag] });
    expect(call(allowed.exchange, allowed.key, method).error).not.toContain('EGeneral:Permission denied');
    const denied = world({ permissions: ['export_data'] });
    expect(call(denied.exchange, denied.key, method).error).toEqual(['EGeneral:Permission denied']);
  });

  it('CancelOrder accepts either "Create & modify" or "Cancel & close"', () => {
    for (const flag of ['trades_modify', 'trades_close']) {
      const { exchange, key } = world({ permissions: [flag] });
      expect(call(exchange, key, 'CancelOrder', { txid: 'OAAAAA-BBBBB-CCCCCC' }).error).toEqual([
        'EOrder:Unknown order',
      ]);
    }
  });

  it('QueryOrders accepts either query permission', () => {
    for (const flag of ['trades_query_open', 'trades_query_closed']) {
      const { exchange, key } = world({ permissions: [flag] });
      expect(call(exchange, key, 'QueryOrders', { txid: 'OAAAAA-BBBBB-CCCCCC' }).error).toEqual([]);
    }
  });

  it('omitted permissions mean all of them', () => {
    const { exchange, key } = world();
    expect(call(exchange, key, 'AddOrder', order).error).toEqual([]);
    expect(call(exchange, key, 'Ledgers').error).toEqual([]);
  });

  it('unknown permission names are a configuration error', () => {
    expect(() => world({ permissions: ['Trade everything'] })).toThrow(/unknown Kraken permission/);
  });
});

describe('IP allowlist', () => {
  it('accepts listed addresses and CIDR ranges, IPv4 and IPv6', () => {
    const { exchange, key } = world({ ipAllowlist: ['10.0.0.0/8', '2001:db8::/32', '192.168.1.7'] });
    expect(call(exchange, key, 'Balance', {}, { ip: '10.1.2.3' }).error).toEqual([]);
    expect(call(exchange, key, 'Balance', {}, { ip: '::ffff:192.168.1.7' }).error).toEqual([]);
    expect(call(exchange, key, 'Balance', {}, { ip: '2001:db8::1' }).error).toEqual([]);
  });

  it('refuses other addresses with EGeneral:Permission denied (configurable)', () => {
    const { exchange, key } = world({ ipAllowlist: ['10.0.0.0/8'] });
    expect(call(exchange, key, 'Balance', {}, { ip: '127.0.0.1' }).error).toEqual([
      'EGeneral:Permission denied',
    ]);
    const custom = world(
      { ipAllowlist: ['10.0.0.0/8'] },
      { errorStrings: { ipNotAllowed: 'EAPI:Invalid key' } },
    );
    expect(call(custom.exchange, custom.key, 'Balance', {}, { ip: '127.0.0.1' }).error).toEqual([
      'EAPI:Invalid key',
    ]);
  });
});
