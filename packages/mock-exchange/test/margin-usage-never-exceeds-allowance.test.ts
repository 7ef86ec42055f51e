import { testSeed } from '@krakenkit/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../src/core/decimal.js';
import { openCost, openVolume } from '../src/margin/position.js';
import { remaining } from '../src/orders/order.js';
import { marginBuy, marginSell, RICH, SMALL_ALLOWANCES } from './support/margin.js';
import { xbtUsdPair } from './support/pairs.js';
import { call } from './support/signer.js';
import { type World, world } from './support/world.js';

const action = fc.oneof(
  fc.record({
    kind: fc.constant('order' as const),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    volume: fc.integer({ min: 1, max: 15 }).map((n) => (n / 10).toFixed(1)),
    price: fc.option(
      fc.integer({ min: 600, max: 700 }).map((n) => `${n}00.0`),
      { nil: undefined },
    ),
    leverage: fc.constantFrom('2', '3', '5'),
    reduceOnly: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('cancel' as const), index: fc.nat() }),
  fc.record({
    kind: fc.constant('move' as const),
    price: fc.integer({ min: 580, max: 720 }).map((n) => `${n}00.0`),
  }),
);

/** Independent recount of what the account borrows, from its positions and position-opening orders. */
function usage(w: World) {
  const account = w.exchange.account('main');
  let usd = new Decimal(0);
  let btc = new Decimal(0);
  let long = new Decimal(0);
  let short = new Decimal(0);
  for (const p of account.positions.values()) {
    if (p.side === 'buy') {
      usd = usd.plus(openCost(p));
      long = long.plus(openVolume(p));
    } else {
      btc = btc.plus(openVolume(p));
      short = short.plus(openVolume(p));
    }
  }
  for (const o of account.openOrders()) {
    if (o.marginRole !== 'open') continue;
    if (o.side === 'buy') {
      usd = usd.plus(remaining(o).times(o.referencePrice));
      long = long.plus(remaining(o));
    } else {
      btc = btc.plus(remaining(o));
      short = short.plus(remaining(o));
    }
  }
  return { usd, btc, long, short };
}

describe('margin invariants under random order flow', () => {
  it('property: borrowing never exceeds the allowance, positions never exceed their limits, no opposing positions', () => {
    const pairs = [{ ...xbtUsdPair(), long_position_limit: 2, short_position_limit: 1 }];
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 25 }), (actions) => {
        const w = world({ balances: RICH }, { allowances: SMALL_ALLOWANCES, pairs });
        for (const a of actions) {
          if (a.kind === 'order') {
            const params =
              a.side === 'buy'
                ? marginBuy(a.volume, a.price, a.leverage)
                : marginSell(a.volume, a.price, a.leverage);
            const { error } = call(
              w.exchange,
              w.key,
              'AddOrder',
              a.reduceOnly ? { ...params, reduce_only: true } : params,
            );
            for (const code of error) seen.add(code);
          } else if (a.kind === 'cancel') {
            const open = [...w.exchange.account('main').openOrders()];
            const order = open[a.index % Math.max(1, open.length)];
            if (order) call(w.exchange, w.key, 'CancelOrder', { txid: order.txid });
          } else {
            w.exchange.setPrice('XBTUSD', a.price);
          }
          const u = usage(w);
          expect(u.usd.lessThanOrEqualTo(100000)).toBe(true);
          expect(u.btc.lessThanOrEqualTo(2)).toBe(true);
          expect(u.long.lessThanOrEqualTo(2)).toBe(true);
          expect(u.short.lessThanOrEqualTo(1)).toBe(true);
          const sides = new Set([...w.exchange.account('main').positions.values()].map((p) => p.side));
          expect(sides.size).toBeLessThanOrEqual(1);
        }
        expect(w.exchange.internalErrors).toEqual([]);
      }),
      // A fixed seed (override with KRAKENKIT_SEED to explore): the coverage claim below must not depend on the draw.
      { numRuns: 60, seed: testSeed() },
    );
    // the generator reaches the limits it claims to test (longs hit the USD allowance first, shorts the size limit)
    expect(seen).toContain('EOrder:Margin allowance exceeded');
    expect(seen).toContain('EOrder:Cannot open opposing position');
    expect(seen).toContain('EOrder:Margin position size exceeded');
  });
});
