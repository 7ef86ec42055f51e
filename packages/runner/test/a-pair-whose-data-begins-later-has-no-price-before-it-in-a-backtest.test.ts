import { join } from 'node:path';
import {
  defineBotConfig,
  type Fill,
  loadMarketData,
  type OrderEnded,
  runBacktest,
  type Strategy,
  type StrategyAction,
  type StrategyDefinition,
} from '@krakenkit/runner';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/memory-io.js';

const T = 1767225600; // 2026-01-01T00:00:00Z
const HOUR_S = 3600;
const ETH_BEGINS = (T + 2 * HOUR_S) * 1000;

// Minute candles flat at `price` from `start` (seconds) for `hours`.
function flat(start: number, hours: number, price: string): string {
  return Array.from(
    { length: hours * 60 },
    (_, i) => `${start + i * 60},${price},${price},${price},${price},1,1\n`,
  ).join('');
}

// XBT/USD from T for three hours at 100; ETH/USD only from T + 2 h, at 3000: a price of the future at T.
function data() {
  const dir = tempDir({
    'XBTUSD_1.csv': flat(T, 3, '100.0'),
    'ETHUSD_1.csv': flat(T + 2 * HOUR_S, 1, '3000.00'),
  });
  return loadMarketData([join(dir, 'XBTUSD_1.csv'), join(dir, 'ETHUSD_1.csv')]);
}

interface Seen {
  ethTicks: number[];
  fills: Fill[];
  ended: OrderEnded[];
}

const buy = (tag: string, type: 'market' | 'limit', price?: string): StrategyAction => ({
  type: 'place',
  order: {
    tag,
    pair: 'XETHZUSD',
    side: 'buy',
    type,
    volume: new Decimal('0.1'),
    ...(price === undefined ? {} : { price: new Decimal(price) }),
  },
});

/** Buys ETH on start (a market order and a limit far above any price), and again on its first ETH tick. */
function eager(seen: Seen): StrategyDefinition<Record<string, never>> {
  return {
    name: 'eager',
    summary: 'buys ETH on start and on its first ETH tick',
    params: { safeParse: () => ({ success: true, data: {} }) },
    create: (): Strategy => ({
      onStart: () => [buy('start-market', 'market'), buy('start-limit', 'limit', '3100')],
      onTick: (tick) => {
        if (tick.pair.id !== 'XETHZUSD') return [];
        seen.ethTicks.push(tick.at);
        return seen.ethTicks.length === 1 ? [buy('first-tick', 'market')] : [];
      },
      onFill: (fill) => {
        seen.fills.push(fill);
        return [];
      },
      onOrderEnded: (end) => {
        seen.ended.push(end);
        return [];
      },
    }),
  };
}

function config(seen: Seen, balances: Record<string, string>, guard: Record<string, unknown> = {}) {
  return defineBotConfig(
    {
      account: { tier: 'intermediate', balances },
      keys: {
        paper: {
          permissions: [
            'funds_query',
            'trades_query_open',
            'trades_query_closed',
            'trades_modify',
            'trades_close',
          ],
        },
      },
      ...guard,
      bots: [{ name: 'eager', key: 'paper', strategy: 'eager', pairs: ['XBT/USD', 'ETH/USD'], params: {} }],
    },
    { name: 'eager', strategies: { eager: eager(seen) } },
  );
}

const fresh = (): Seen => ({ ethTicks: [], fills: [], ended: [] });

describe('a backtest over data files that begin at different times', () => {
  it('fills no order on a pair before its data begins, and fills one on its first tick at its price then', async () => {
    const seen = fresh();
    const result = await runBacktest(config(seen, { ZUSD: '100000' }), { data: data() });
    expect(result.from).toBe(T * 1000);
    // The strategy is shown ETH/USD only from its data on.
    expect(seen.ethTicks[0]).toBe(ETH_BEGINS);
    // The one fill is the order of the first tick, at that moment, at the ask, half the spread above 3000.
    expect(seen.fills.map((fill) => `${fill.tag} ${fill.at - ETH_BEGINS} ${fill.price.toFixed()}`)).toEqual([
      'first-tick 0 3000.1',
    ]);
    // The guard had no reference price (market order, and the limit by the default price band).
    expect(seen.ended.map((end) => `${end.tag} ${end.reason} ${end.code}`)).toEqual([
      'start-market guard-rejected EGuard:Missing reference price',
      'start-limit guard-rejected EGuard:Missing reference price',
    ]);
    expect(result.warnings).toContainEqual(expect.stringMatching(/ETH\/USD.*2026-01-01T02:00:00\.000Z/));
  });

  it('has the exchange refuse a limit order the guard lets through before the pair has a price', async () => {
    const seen = fresh();
    // Without a price band the guard judges a limit by its own price: the exchange alone can refuse it.
    const noBand = { guard: { rules: { sanity: { priceBandBps: false } } } };
    const result = await runBacktest(config(seen, { ZUSD: '100000' }, noBand), { data: data() });
    expect(seen.ended.map((end) => `${end.tag} ${end.reason}`)).toEqual([
      'start-market guard-rejected',
      'start-limit exchange-rejected',
    ]);
    expect(result.refusals.exchange).toEqual({ 'EService:Market in cancel_only mode': 1 });
    expect(seen.fills.map((fill) => fill.tag)).toEqual(['first-tick']);
  });

  it('does not value an asset at its pair price before that pair data begins', async () => {
    const seen = fresh();
    const result = await runBacktest(config(seen, { ZUSD: '100000', XETH: '1' }), { data: data() });
    // 1 ETH at 3000 (the first ETH price, two hours later) would be look-ahead: at the start it has no price.
    expect(result.startEquity.toFixed()).toBe('100000');
    // Once ETH/USD is priced, the guard can value the account again and takes the first tick's order.
    expect(seen.fills.map((fill) => fill.tag)).toEqual(['first-tick']);
  });
});
