import { join } from 'node:path';
import {
  BacktestSetupError,
  defineBotConfig,
  loadMarketData,
  type OrderEnded,
  type OrderRequest,
  runBacktest,
  type Strategy,
  type StrategyDefinition,
} from '@krakenkit/runner';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/memory-io.js';

const T = 1767225600; // 2026-01-01T00:00:00Z
const HOUR = 3_600_000;

interface ProbeParams {
  orders: Array<Omit<OrderRequest, 'volume' | 'price'> & { volume: string; price?: string }>;
}

/** A strategy that places the orders it is given on its first tick and notes how each ended. */
function probe(ended: OrderEnded[] = []): StrategyDefinition<ProbeParams> {
  return {
    name: 'probe',
    summary: 'places its orders on the first tick',
    params: { safeParse: (value) => ({ success: true, data: value as ProbeParams }) },
    create: ({ params }): Strategy => {
      let placed = false;
      return {
        onTick: () => {
          if (placed) return [];
          placed = true;
          return params.orders.map(({ volume, price, ...order }) => ({
            type: 'place' as const,
            order: {
              ...order,
              volume: new Decimal(volume),
              ...(price === undefined ? {} : { price: new Decimal(price) }),
            },
          }));
        },
        onOrderEnded: (end) => {
          ended.push(end);
          return [];
        },
      };
    },
  };
}

function config(params: ProbeParams, extra: Record<string, unknown> = {}, ended: OrderEnded[] = []) {
  return defineBotConfig(
    {
      account: { tier: 'intermediate', balances: { ZUSD: '100000', XXBT: '1' } },
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
      ...extra,
      bots: [{ name: 'probe', key: 'paper', strategy: 'probe', pairs: ['XBT/USD'], params }],
    },
    { name: 'probe', strategies: { probe: probe(ended) } },
  );
}

function csv(rows: readonly string[]) {
  const dir = tempDir({ 'XBTUSD_1.csv': `${rows.join('\n')}\n` });
  return loadMarketData([join(dir, 'XBTUSD_1.csv')]);
}

// Hourly candles from `start` for `hours`, flat at `price` (a market that sits still).
function flat(hours: number, price = '100.0') {
  return Array.from(
    { length: hours * 60 },
    (_, i) => `${T + i * 60},${price},${price},${price},${price},1,1`,
  );
}

describe('a backtest', () => {
  it('fills resting limits on the candle path at their limit price, in path order, on the data clock', async () => {
    const data = csv([
      `${T},100.0,103.0,98.0,102.0,5,40`, // up: open → low → high → close
      `${T + 60},102.0,104.0,96.5,101.0,5,40`, // down: open → high → low → close
    ]);
    const orders = [
      { tag: 'dip', pair: 'XXBTZUSD', side: 'buy', type: 'limit', volume: '0.01', price: '99.0' },
      { tag: 'pop', pair: 'XXBTZUSD', side: 'sell', type: 'limit', volume: '0.01', price: '102.5' },
      { tag: 'spike', pair: 'XXBTZUSD', side: 'sell', type: 'limit', volume: '0.01', price: '103.5' },
      { tag: 'dip2', pair: 'XXBTZUSD', side: 'buy', type: 'limit', volume: '0.01', price: '97.5' },
    ] as ProbeParams['orders'];
    const result = await runBacktest(config({ orders }), { data });
    const fills = result.trades.map(
      (t) => `${(t.at / 1000 - T).toFixed(0)}s ${t.tag} ${t.side} @${t.price.toFixed()}`,
    );
    // The spread is a tick either side of the mid the data sets: a buy fills once the ask reaches its limit.
    expect(fills).toEqual([
      '15s dip buy @99',
      '30s pop sell @102.5',
      '75s spike sell @103.5',
      '90s dip2 buy @97.5',
    ]);
    expect(result.trades.every((t) => t.fee.gt(0))).toBe(true);
    expect(result.from).toBe(T * 1000);
    expect(result.to).toBe((T + 120) * 1000);
  });

  it('has the guard judge every order by the bot file rules, and counts its refusals by reason', async () => {
    const ended: OrderEnded[] = [];
    const orders = [
      { tag: 'small', pair: 'XXBTZUSD', side: 'buy', type: 'market', volume: '0.1' },
      { tag: 'large', pair: 'XXBTZUSD', side: 'buy', type: 'market', volume: '2' },
    ] as ProbeParams['orders'];
    const rules = { guard: { rules: { sanity: { maxOrderNotional: { USD: '100' } } } } };
    const result = await runBacktest(config({ orders }, rules, ended), { data: csv(flat(1)) });
    expect(result.refusals.guard).toEqual({ 'EGuard:Order notional exceeded': 1 });
    expect(ended.map((end) => `${end.tag} ${end.reason} ${end.code}`)).toEqual([
      'large guard-rejected EGuard:Order notional exceeded',
    ]);
    expect(result.trades.map((trade) => trade.tag)).toEqual(['small']);
    expect(result.placed).toBe(1);
  });

  it('charges a margin position its opening and rollover fees on the exchange clock, and counts them in the PnL', async () => {
    const orders = [
      { tag: 'long', pair: 'XXBTZUSD', side: 'buy', type: 'market', volume: '0.5', leverage: 2 },
    ] as ProbeParams['orders'];
    const day = await runBacktest(config({ orders }), { data: csv(flat(24)) });
    const twoDays = await runBacktest(config({ orders }), { data: csv(flat(48)) });
    for (const result of [day, twoDays]) {
      const { realised, unrealised, fees, marginCosts, net } = result.totals;
      expect(marginCosts.gt(0)).toBe(true);
      expect(net.eq(realised.plus(unrealised).minus(fees).minus(marginCosts))).toBe(true);
      expect(result.bots[0]?.books.map((book) => [book.margin, book.position.toFixed()])).toEqual([
        [true, '0.5'],
      ]);
    }
    // Held a day longer, the position paid six more rollovers (one every 4 hours of market time).
    expect(twoDays.totals.marginCosts.gt(day.totals.marginCosts)).toBe(true);
    expect(twoDays.to - day.to).toBe(24 * HOUR);
  });

  it('values what is still held at the last price, and measures the fall from the best PnL', async () => {
    const orders = [
      { tag: 'buy', pair: 'XXBTZUSD', side: 'buy', type: 'market', volume: '1' },
    ] as ProbeParams['orders'];
    const data = csv([
      ...flat(1, '100.0'),
      ...flat(1, '90.0').map((row, i) => row.replace(/^\d+/, String(T + 3600 + i * 60))),
    ]);
    const result = await runBacktest(config({ orders }), { data });
    const [book] = result.bots[0]?.books ?? [];
    expect(book?.mark?.toFixed()).toBe('90');
    // Bought at the ask, a tick above 100, and marked at 90: ten dollars and the spread down.
    expect(book?.unrealised.eq(new Decimal(90).minus(book.averagePrice))).toBe(true);
    // From the first sample (just bought, marked at 100) to the last (marked at 90): 1 XBT fell by 10.
    expect(result.maxDrawdown.amount.toFixed()).toBe('10');
    expect(result.exposure.timeInMarket).toBeGreaterThan(0.9);
  });

  it('refuses to start when a bot trades a pair no data file has', async () => {
    const orders: ProbeParams['orders'] = [];
    const eth = defineBotConfig(
      {
        account: { tier: 'intermediate' },
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
        bots: [{ name: 'eth', key: 'paper', strategy: 'probe', pairs: ['ETH/USD'], params: { orders } }],
      },
      { strategies: { probe: probe() } },
    );
    await expect(runBacktest(eth, { data: csv(flat(1)) })).rejects.toThrow(BacktestSetupError);
    await expect(runBacktest(eth, { data: csv(flat(1)) })).rejects.toThrow(
      /bot eth trades ETH\/USD, but no data file has it/,
    );
  });
});
