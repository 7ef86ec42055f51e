import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DcaStrategy, dcaParamsSchema } from '../src/strategies/dca.js';
import { GridStrategy, gridParamsSchema } from '../src/strategies/grid.js';
import { MarginTrendStrategy, marginTrendParamsSchema } from '../src/strategies/margin-trend.js';
import type { Adoption, OrderRequest, Strategy } from '../src/strategies/types.js';
import { StrategyHarness, XBT_USD } from './support/strategy-harness.js';

const text = (orders: readonly OrderRequest[]) =>
  orders.map(
    (o) =>
      `${o.tag} ${o.side} ${o.volume.toFixed()}${o.price ? ` @${o.price.toFixed()}` : ''}${o.reduceOnly ? ' RO' : ''}`,
  );

/** What a restart hands the new strategy: the old one's snapshot (through JSON, as stored) and open orders. */
function restart(
  before: StrategyHarness,
  strategy: Strategy,
  adoption: Partial<Adoption> = {},
): StrategyHarness {
  const after = new StrategyHarness(strategy);
  after.now = before.now;
  after.bot.adopt({
    openOrders: before.bot.openOrders(),
    positions: new Map(),
    saved: JSON.parse(JSON.stringify(before.bot.snapshot().strategy ?? null)),
    ...adoption,
  });
  return after;
}

const gridOf = (levels = 2, spacingBps = 100) =>
  new GridStrategy(gridParamsSchema.parse({ levels, spacingBps, volume: '0.01' }));

describe('a restarted grid', () => {
  it('places nothing on top of the levels it still rests, and re-quotes around its old centre', () => {
    const before = new StrategyHarness(gridOf());
    expect(before.tick('65000')).toHaveLength(4);
    const after = restart(before, gridOf());
    expect(after.tick('66000')).toEqual([]);
    expect(after.open()).toHaveLength(4);
    // The old centre, not the new mid: a fill of level -1 re-quotes level 0 at 65000.
    expect(text(after.fill('XXBTZUSD:L-1'))).toEqual(['XXBTZUSD:L0 sell 0.01 @65000']);
  });

  it('works its centre out from a resting order when nothing was saved (any centre and spacing)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 10_000_000 }),
        fc.integer({ min: 1, max: 300 }),
        (cents, bps) => {
          const before = new StrategyHarness(gridOf(3, bps));
          before.tick(new Decimal(cents).div(100).toFixed());
          const after = restart(before, gridOf(3, bps), { saved: undefined });
          expect(after.tick(new Decimal(cents).div(50).toFixed())).toEqual([]);
        },
      ),
    );
  });

  it('starts a fresh grid when none of its orders rests any more (cancelled by the switch while it was down)', () => {
    const before = new StrategyHarness(gridOf());
    before.tick('65000');
    const after = restart(before, gridOf(), { openOrders: [] });
    expect(text(after.tick('66000'))).toEqual([
      'XXBTZUSD:L-1 buy 0.01 @65340',
      'XXBTZUSD:L1 sell 0.01 @66660',
      'XXBTZUSD:L-2 buy 0.01 @64680',
      'XXBTZUSD:L2 sell 0.01 @67320',
    ]);
  });
});

const trendOf = (maxEntries = 1) =>
  new MarginTrendStrategy(
    marginTrendParamsSchema.parse({
      volume: '0.01',
      leverage: 2,
      fast: 1,
      slow: 2,
      maxEntries,
      entryEvery: '0s',
    }),
  );

describe('a restarted margin trend follower', () => {
  it('knows the position it holds: no second entry on the trend, a reduce-only close of exactly it on a reversal', () => {
    const before = new StrategyHarness(trendOf());
    before.tick('65000');
    const [entry] = before.tick('65100');
    expect(entry?.tag).toBe('XXBTZUSD:entry1');
    before.fill('XXBTZUSD:entry1');
    const positions = new Map([[XBT_USD.id, new Decimal('0.01')]]);
    const after = restart(before, trendOf(), { positions });
    for (const mid of ['65200', '65300', '65400', '65500']) expect(after.tick(mid)).toEqual([]);
    expect(text(after.tick('65000'))).toEqual(['XXBTZUSD:close2 sell 0.01 RO']);
  });

  it('counts a position it saved nothing about as an entry, and a flat book as none', () => {
    const unknown = restart(new StrategyHarness(trendOf(1)), trendOf(1), {
      positions: new Map([[XBT_USD.id, new Decimal('0.01')]]),
    });
    for (const mid of ['65000', '65100', '65200']) expect(unknown.tick(mid)).toEqual([]);

    const before = new StrategyHarness(trendOf(1));
    before.tick('65000');
    before.tick('65100');
    const flat = restart(before, trendOf(1), {
      openOrders: [],
      positions: new Map([[XBT_USD.id, new Decimal(0)]]),
    });
    flat.tick('65200');
    expect(text(flat.tick('65300'))).toEqual(['XXBTZUSD:entry2 buy 0.01']);
  });
});

describe('a restarted DCA bot', () => {
  it('keeps its schedule, its count towards maxOrders and its numbering', () => {
    const dca = () => new DcaStrategy(dcaParamsSchema.parse({ volume: '0.01', every: '10s', maxOrders: 2 }));
    const before = new StrategyHarness(dca());
    expect(text(before.tick('65000', 0))).toEqual(['XXBTZUSD:dca1 buy 0.01']);
    before.fill('XXBTZUSD:dca1');
    const after = restart(before, dca());
    expect(after.tick('65000', 5_000)).toEqual([]);
    expect(text(after.tick('65000', 5_000))).toEqual(['XXBTZUSD:dca2 buy 0.01']);
    after.fill('XXBTZUSD:dca2');
    expect(after.tick('65000', 20_000)).toEqual([]);
  });
});
