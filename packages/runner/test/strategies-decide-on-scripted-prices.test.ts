import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DcaStrategy, dcaParamsSchema } from '../src/strategies/dca.js';
import { GridStrategy, gridParamsSchema } from '../src/strategies/grid.js';
import { MarginTrendStrategy, marginTrendParamsSchema } from '../src/strategies/margin-trend.js';
import type { OrderRequest } from '../src/strategies/types.js';
import { StrategyHarness, XBT_USD } from './support/strategy-harness.js';

const text = (orders: readonly OrderRequest[]) =>
  orders.map(
    (o) =>
      `${o.tag} ${o.side} ${o.type} ${o.volume.toFixed()}${o.price ? ` @${o.price.toFixed()}` : ''}${o.leverage ? ` x${o.leverage}` : ''}${o.reduceOnly ? ' RO' : ''}`,
  );

describe('grid strategy', () => {
  const grid = (levels = 2, spacingBps = 10) =>
    new StrategyHarness(new GridStrategy(gridParamsSchema.parse({ levels, spacingBps, volume: '0.01' })));

  it('rests a ladder around the first mid, buys below and sells above, on the tick', () => {
    const h = grid();
    expect(text(h.tick('65000.05'))).toEqual([
      'XXBTZUSD:L-1 buy limit 0.01 @64935',
      'XXBTZUSD:L1 sell limit 0.01 @65065.1',
      'XXBTZUSD:L-2 buy limit 0.01 @64870',
      'XXBTZUSD:L2 sell limit 0.01 @65130.1',
    ]);
    expect(h.tick('64000')).toEqual([]);
  });

  it('re-quotes one level further on the other side after a complete fill, never on a partial one', () => {
    const h = grid();
    h.tick('65000');
    expect(h.fill('XXBTZUSD:L-1', { volume: '0.004' })).toEqual([]);
    expect(text(h.fill('XXBTZUSD:L-1', { volume: '0.006' }))).toEqual(['XXBTZUSD:L0 sell limit 0.01 @65000']);
    // L0 is taken by the sell placed above, so the sell fill at L1 places nothing there.
    expect(h.fill('XXBTZUSD:L1')).toEqual([]);
    expect(text(h.fill('XXBTZUSD:L0'))).toEqual(['XXBTZUSD:L-1 buy limit 0.01 @64935']);
    expect(h.bot.view().inventory(XBT_USD.id).toFixed()).toBe('-0.01');
  });

  it('keeps every price on the tick, buys under the centre and sells over it (any centre and spacing)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 10_000_000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 10 }),
        (cents, bps, levels) => {
          const h = grid(levels, bps);
          const centre = new Decimal(cents).div(100);
          const orders = h.tick(centre.toFixed());
          expect(orders).toHaveLength(levels * 2);
          for (const order of orders) {
            const price = order.price as Decimal;
            expect(price.div(XBT_USD.tickSize!).isInteger()).toBe(true);
            if (order.side === 'buy') expect(price.lt(centre)).toBe(true);
            else expect(price.gt(centre)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('DCA strategy', () => {
  const dca = (params: Record<string, unknown>) =>
    new StrategyHarness(new DcaStrategy(dcaParamsSchema.parse(params)));

  it('buys a fixed quote amount at market every interval, one order at a time', () => {
    const h = dca({ amount: '500', every: '5s' });
    expect(text(h.tick('65000'))).toEqual(['XXBTZUSD:dca1 buy market 0.0076923']); // 500 / 65000.05, 8 decimals
    expect(h.tick('65000')).toEqual([]); // still open
    h.fill('XXBTZUSD:dca1');
    expect(h.tick('65000', 2_000)).toEqual([]); // 3 s after the first: too early
    expect(text(h.tick('64000', 2_000))).toEqual(['XXBTZUSD:dca2 buy market 0.00781249']);
  });

  it('stops at maxOrders, and a refused order does not count', () => {
    const h = dca({ volume: '0.001', every: '1s', maxOrders: 2 });
    h.tick('65000');
    h.reject('XXBTZUSD:dca1', 'EGuard:Order notional exceeded');
    h.tick('65000');
    h.fill('XXBTZUSD:dca2');
    h.tick('65000');
    h.fill('XXBTZUSD:dca3');
    expect(h.tick('65000')).toEqual([]);
    expect(h.bot.view().inventory(XBT_USD.id).toFixed()).toBe('0.002');
  });

  it('places passive limits below the bid when asked', () => {
    const h = dca({ amount: '100', orderType: 'limit', limitOffsetBps: 10 });
    const [order] = h.tick('65000');
    expect(order?.price?.toFixed()).toBe('64934.9'); // (65000 − 0.05) × 0.999, rounded down to the tick
  });

  it('never spends more than the amount per order, and misses it by less than one lot', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 100, max: 10_000_000 }),
        (amount, cents) => {
          const h = dca({ amount: String(amount) });
          const [order] = h.tick(new Decimal(cents).div(100).toFixed());
          if (order === undefined) throw new Error('expected an order');
          const ask = new Decimal(cents).div(100).plus('0.05');
          expect(order.volume.times(ask).lte(amount)).toBe(true);
          expect(order.volume.plus('0.00000001').times(ask).gt(amount)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('margin trend strategy', () => {
  const trend = (params: Record<string, unknown> = {}) =>
    new StrategyHarness(
      new MarginTrendStrategy(
        marginTrendParamsSchema.parse({
          volume: '0.1',
          leverage: 3,
          fast: 2,
          slow: 4,
          maxEntries: 2,
          entryEvery: '1s',
          cooldown: '3s',
          ...params,
        }),
      ),
    );

  it('waits for the slow average, then enters with leverage in the trend and pyramids up to maxEntries', () => {
    const h = trend();
    expect(h.tick('100')).toEqual([]);
    expect(h.tick('101')).toEqual([]);
    expect(h.tick('102')).toEqual([]);
    const [first] = h.tick('103');
    expect(text(first ? [first] : [])).toEqual(['XXBTZUSD:entry1 buy market 0.1 x3']);
    expect(h.tick('104')).toEqual([]); // the entry is still open: one order per pair in flight
    h.fill('XXBTZUSD:entry1');
    expect(text(h.tick('105'))).toEqual(['XXBTZUSD:entry2 buy market 0.1 x3']);
    h.fill('XXBTZUSD:entry2');
    expect(h.tick('106')).toEqual([]); // maxEntries reached
    expect(h.bot.position(XBT_USD.id).toFixed()).toBe('0.2');
  });

  it('closes the whole position reduce-only when the trend turns, then goes short', () => {
    const h = trend();
    for (const price of ['100', '101', '102', '103']) h.tick(price);
    h.fill('XXBTZUSD:entry1');
    const close = [...h.tick('98'), ...h.tick('95')];
    expect(text(close)).toEqual(['XXBTZUSD:close2 sell market 0.1 x3 RO']);
    h.fill('XXBTZUSD:close2');
    expect(h.bot.position(XBT_USD.id).isZero()).toBe(true);
    expect(text(h.tick('94'))).toEqual(['XXBTZUSD:entry3 sell market 0.1 x3']);
  });

  it('backs off for the cooldown after an entry is refused (e.g. margin allowance exceeded)', () => {
    const h = trend();
    for (const price of ['100', '101', '102']) h.tick(price);
    h.tick('103');
    h.reject('XXBTZUSD:entry1');
    expect(h.tick('104')).toEqual([]);
    expect(h.tick('105')).toEqual([]);
    expect(text(h.tick('106', 1_500))).toEqual(['XXBTZUSD:entry2 buy market 0.1 x3']);
  });

  it('takes profit against the volume-weighted entry price', () => {
    const h = trend({ takeProfitBps: 200, maxEntries: 1 });
    for (const price of ['100', '101', '102', '103']) h.tick(price);
    h.fill('XXBTZUSD:entry1', { price: '103' });
    expect(h.tick('104')).toEqual([]);
    expect(text(h.tick('105.1'))).toEqual(['XXBTZUSD:close2 sell market 0.1 x3 RO']);
  });

  it('trades only the direction it is allowed to', () => {
    const h = trend({ direction: 'long' });
    for (const price of ['100', '99', '98', '97', '96']) expect(h.tick(price)).toEqual([]);
  });
});
