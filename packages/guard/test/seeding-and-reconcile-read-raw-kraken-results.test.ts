import { describe, expect, it } from 'vitest';
import type { ExchangeSnapshot } from '../src/state/exchange-raw.js';
import { codes, marginOrder, testGuard } from './support/guard-factory.js';

// Raw result shapes as Kraken returns them (docs/kraken/rest-endpoints.md OpenPositions, OpenOrders, Balance, TradeVolume).
const snapshot: ExchangeSnapshot = {
  openPositions: {
    'TPOS-B': {
      ordertxid: 'OB',
      posstatus: 'open',
      pair: 'XXBTZUSD',
      time: 1700000200,
      type: 'buy',
      cost: '5000000',
      vol: '100',
      vol_closed: '20',
    },
    'TPOS-A': {
      ordertxid: 'OA',
      posstatus: 'open',
      pair: 'XXBTZUSD',
      time: 1700000100,
      type: 'buy',
      cost: '2500000',
      vol: '50',
      vol_closed: '0',
    },
    'TPOS-S': {
      ordertxid: 'OS',
      posstatus: 'open',
      pair: 'XETHXXBT',
      time: 1700000300,
      type: 'sell',
      cost: '50',
      vol: '1000',
      vol_closed: '0',
    },
  },
  openOrders: {
    open: {
      'OOPEN-1': {
        status: 'open',
        cl_ord_id: 'bot-1',
        opentm: 1700000400,
        descr: {
          pair: 'XBTEUR',
          type: 'buy',
          ordertype: 'limit',
          price: '40000.0',
          price2: '0',
          leverage: '2:1',
        },
        vol: '10',
        vol_exec: '4',
      },
      'OOPEN-2': {
        status: 'open',
        opentm: 1700000500,
        descr: {
          pair: 'XBTUSD',
          type: 'sell',
          ordertype: 'limit',
          price: '70000.0',
          price2: '0',
          leverage: 'none',
        },
        vol: '1',
        vol_exec: '0',
      },
      OCLOSED: {
        status: 'canceled',
        descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1', leverage: '5:1' },
        vol: '1',
      },
    },
  },
  balance: { ZUSD: '1000.5', XXBT: '2.5', 'XXBT.S': '10', 'USDT.F': '3' },
  tradeVolume: { currency: 'ZUSD', volume: '123456.78' },
};

describe('seeding from OpenPositions, OpenOrders, Balance and TradeVolume', () => {
  it('rebuilds pools and pair aggregates from the raw results', () => {
    const { guard } = testGuard({}, snapshot);
    const pools = Object.fromEntries(guard.snapshot().pools.map((pool) => [pool.currency, pool.total]));
    // USD: 2,500,000 + 4,000,000 (80 of 100 open); ETH: 1000 short; EUR: 6 left × 40,000 margin buy.
    expect(pools).toEqual({ USD: '6500000', ETH: '1000', EUR: '240000' });
    expect(guard.positions().map((position) => position.id)).toEqual(['TPOS-A', 'TPOS-B', 'TPOS-S']);
    expect(guard.orders().map((order) => order.ref)).toEqual(['OOPEN-1', 'OOPEN-2']);
  });

  it('treats a spot sell against a margin long as not reducing, and a margin sell as reducing (FIFO)', () => {
    const { guard } = testGuard({}, snapshot);
    expect(guard.orders()[1]).toMatchObject({ margin: false, reducing: false, opening: false });
    expect(guard.check(marginOrder('XBTUSD', 'sell', '130', '60000')).allowed).toBe(true);
    expect(codes(guard.check(marginOrder('XBTUSD', 'sell', '130.1', '60000')))).toEqual([
      'EOrder:Cannot open opposing position',
    ]);
  });

  it('uses plain balances only for withdrawals (suffixed ones are not withdrawable)', () => {
    const { guard } = testGuard(
      { withdrawal: { allowedKeys: ['k'] } },
      { ...snapshot, usdPrices: { XBT: '1' } },
    );
    const withdraw = (amount: string) => ({
      kind: 'withdraw' as const,
      asset: 'XBT',
      key: 'k',
      amount,
      apiKey: { name: 'w', permissions: [] },
    });
    expect(guard.check(withdraw('2.5')).allowed).toBe(true);
    expect(codes(guard.check(withdraw('2.6')))).toEqual(['EGuard:Insufficient balance']);
  });
});

describe('reconcile', () => {
  it('replaces positions and orders with the exchange view, keeping in-flight reservations it has not seen', () => {
    const { guard } = testGuard({}, snapshot);
    const inFlight = guard.reserve({ ...marginOrder('XBTUSD', 'buy', '1', '50000'), clOrdId: 'bot-2' });
    const acked = guard.reserve({ ...marginOrder('XBTUSD', 'buy', '2', '50000'), clOrdId: 'bot-3' });
    const report = guard.reconcile({
      openPositions: { 'TPOS-A': snapshot.openPositions?.['TPOS-A'] ?? ({} as never) },
      openOrders: {
        open: {
          'ONEW-3': {
            status: 'open',
            cl_ord_id: 'bot-3',
            descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '50000', leverage: '5:1' },
            vol: '2',
            vol_exec: '0',
          },
        },
      },
    });
    expect(report).toMatchObject({ positions: 1, orders: 1, keptInFlight: 1, unresolved: [] });
    expect(report.pools).toEqual({
      USD: { before: '6650000', after: '2650000' },
      ETH: { before: '1000', after: '0' },
      EUR: { before: '240000', after: '0' },
    });
    expect(
      guard
        .orders()
        .map((order) => order.ref)
        .sort(),
    ).toEqual(['ONEW-3', inFlight.ref].sort());
    expect(acked.ref).toBeDefined();
    // The kept reservation still answers to its events.
    expect(guard.apply({ type: 'order-rejected', ref: inFlight.ref ?? '' })).toBe(true);
  });

  it('marks exposure it cannot evaluate and refuses until a reconcile resolves it', () => {
    const { guard } = testGuard();
    const report = guard.seed({
      openOrders: {
        open: {
          OM: {
            status: 'open',
            descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'market', price: '0', leverage: '5:1' },
            vol: '1',
          },
        },
      },
    });
    expect(report.unresolved).toEqual(['order OM (market) on XBTUSD has no price to size it']);
    expect(codes(guard.check(marginOrder('XBTUSD', 'buy', '1', '50000')))).toEqual([
      'EGuard:Unknown account state',
    ]);
    guard.reconcile({ openOrders: { open: {} } });
    expect(guard.check(marginOrder('XBTUSD', 'buy', '1', '50000')).allowed).toBe(true);
  });
});
