import { describe, expect, it } from 'vitest';
import type { ExchangeSnapshot } from '../src/state/exchange-raw.js';
import { testGuard } from './support/guard-factory.js';

// Found by the guard-vs-mock differential test: a margin buy accepted while no short existed rests as a
// position-opening order; a short opened beneath it later does not change that. Seeded from OpenOrders, such an
// order was classified as merely reducing (it holds nothing), although filling it would close the short and open
// a long with the rest, and the exchange counts all of it. Like a new order, it reduces only if it fits the position.
const short: ExchangeSnapshot['openPositions'] = {
  'TSHORT-1': {
    ordertxid: 'OS',
    posstatus: 'open',
    pair: 'XXBTZUSD',
    time: 1700000100,
    type: 'sell',
    cost: '650000',
    vol: '10',
    vol_closed: '0',
  },
};

function buy(vol: string, extra: { reduce_only?: boolean; leverage?: string } = {}) {
  return {
    status: 'open',
    opentm: 1700000000,
    descr: {
      pair: 'XBTUSD',
      type: 'buy' as const,
      ordertype: 'limit',
      price: '60000.0',
      leverage: extra.leverage ?? '2:1',
    },
    vol,
    vol_exec: '0',
    ...(extra.reduce_only === undefined ? {} : { reduce_only: extra.reduce_only }),
  };
}

describe('seeding classifies open margin orders against the positions like new orders', () => {
  it('a margin buy larger than the open short opens a position: it holds its USD borrow and long size', () => {
    const { guard } = testGuard({}, { openPositions: short, openOrders: { open: { OBIG: buy('25') } } });
    expect(guard.orders()[0]).toMatchObject({ opening: true, reducing: false, held: '1500000' });
    expect(guard.snapshot().pools.find((p) => p.currency === 'USD')?.total).toBe('1500000');
    expect(guard.snapshot().pairs[0]).toMatchObject({ longOrders: '25' });
  });

  it('a margin buy no larger than the open short only reduces it: it holds nothing', () => {
    const { guard } = testGuard({}, { openPositions: short, openOrders: { open: { OSMALL: buy('10') } } });
    expect(guard.orders()[0]).toMatchObject({ opening: false, reducing: true, held: '0' });
    expect(guard.snapshot().pools.find((p) => p.currency === 'USD')).toBeUndefined();
  });

  it('a reduce_only buy larger than the short still only reduces (Kraken cancels the rest)', () => {
    const { guard } = testGuard(
      {},
      { openPositions: short, openOrders: { open: { ORO: buy('25', { reduce_only: true }) } } },
    );
    expect(guard.orders()[0]).toMatchObject({ opening: false, reducing: true, held: '0' });
  });

  it('what is already executed does not count: a partly filled order is judged by what is left', () => {
    const partly = { ...buy('25'), vol_exec: '16' };
    const { guard } = testGuard({}, { openPositions: short, openOrders: { open: { OPART: partly } } });
    expect(guard.orders()[0]).toMatchObject({ opening: false, reducing: true });
  });
});
