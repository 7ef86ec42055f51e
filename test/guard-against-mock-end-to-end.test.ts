import type { AddOrderParams } from '@krakenkit/client';
import { GuardRejectedError } from '@krakenkit/guard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from './support/decimal.js';
import { exchangeExposure } from './support/exchange-usage.js';
import {
  exchangePools,
  guardPools,
  type LoopbackBot,
  type LoopbackWorld,
  loopbackWorld,
} from './support/loopback-bot.js';

// The seeds' worked examples as a bot lives them: the real client over HTTP to the loopback mock, every order
// through guardClient. A refusal must happen locally (GuardRejectedError, nothing reaches the exchange) and be the
// refusal the exchange itself would give (asked with validate=true, which places nothing).

let world: LoopbackWorld;

beforeAll(async () => {
  world = await loopbackWorld('end-to-end');
});

afterAll(async () => {
  await world.close();
});

/** Places an order through the guarded client and feeds the exchange's executions back to the guard. */
async function place(bot: LoopbackBot, order: AddOrderParams): Promise<string> {
  const result = await bot.trading.addOrder(order);
  bot.drain();
  return result.txid?.[0] ?? '';
}

/** Expects a local refusal with `code`, the exchange untouched, and the exchange's own verdict to be the same. */
async function expectRefusedLocally(bot: LoopbackBot, order: AddOrderParams, code: string): Promise<void> {
  const account = world.running.exchange.account(bot.accountId);
  const ordersBefore = account.orders.size;
  const error = await bot.trading.addOrder(order).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GuardRejectedError);
  expect((error as GuardRejectedError).violations.map((v) => v.code)).toContain(code);
  expect(account.orders.size, 'the exchange must never see a refused order').toBe(ordersBefore);
  const verdict = await bot.raw.addOrder({ ...order, validate: true }).catch((e: unknown) => e);
  expect((verdict as { code?: string }).code, 'the exchange refuses it for the same reason').toBe(code);
}

/** Moves a pair so its ask is `ask` (the mock's spread is fixed), and tells the bot. */
async function askAt(bot: LoopbackBot, pair: string, ask: string): Promise<void> {
  const market = world.running.exchange.ctx.markets.of(world.running.exchange.ctx.catalog.pair(pair));
  const halfSpread = market.ask.minus(market.bid).div(2);
  world.running.exchange.setPrice(pair, new Decimal(ask).minus(halfSpread.toFixed()).toFixed());
  await bot.refreshPrices();
  bot.drain();
}

function positionVolume(bot: LoopbackBot, pair: string, side: 'buy' | 'sell'): string {
  const { positions } = exchangeExposure(world.running.exchange, bot.accountId);
  return positions.get(`${pair}|${side}`)?.toFixed() ?? '0';
}

describe('the guarded client against the loopback mock exchange', () => {
  it('ten 1,500,000 USD BTC/USD longs fit the USD allowance; the eleventh is refused locally', async () => {
    const bot = await world.bot('intermediate');
    await askAt(bot, 'XBTUSD', '62500.0');
    const long = { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '24', leverage: '2' } as const;
    for (let i = 0; i < 10; i += 1) await place(bot, long);
    expect(guardPools(bot.guard)).toEqual({ USD: '15000000' });
    expect(exchangePools(world, bot)).toEqual({ USD: '15000000' });
    await expectRefusedLocally(bot, long, 'EOrder:Margin allowance exceeded');
    const eleventh = [...world.running.exchange.account(bot.accountId).orders.values()].filter(
      (o) => o.pair.altname === 'XBTUSD' && o.side === 'buy',
    );
    expect(eleventh).toHaveLength(10);
    // Closing one position repays its share: the same long fits again.
    await place(bot, { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '24', leverage: '2' });
    expect(guardPools(bot.guard)).toEqual({ USD: '13500000' });
    await place(bot, long);
    expect(exchangePools(world, bot)).toEqual({ USD: '15000000' });
  });

  it('a BTC short is limited to 310 BTC across USD and EUR; a BTC/GBP long to 1,000,000 GBP (not 310,000)', async () => {
    const bot = await world.bot('pro');
    await place(bot, { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '180', leverage: '2' });
    await place(bot, { pair: 'XBTEUR', type: 'sell', ordertype: 'market', volume: '130', leverage: '2' });
    expect(guardPools(bot.guard)).toEqual({ BTC: '310' });
    await expectRefusedLocally(
      bot,
      { pair: 'XBTEUR', type: 'sell', ordertype: 'market', volume: '0.0001', leverage: '2' },
      'EOrder:Margin allowance exceeded',
    );
    await askAt(bot, 'XBTGBP', '50000.0');
    const long = { pair: 'XBTGBP', type: 'buy', ordertype: 'market', volume: '10', leverage: '2' } as const;
    await place(bot, long);
    await place(bot, long);
    expect(exchangePools(world, bot)).toEqual({ BTC: '310', GBP: '1000000' });
    await expectRefusedLocally(bot, { ...long, volume: '0.001' }, 'EOrder:Margin allowance exceeded');
  });

  it('KEEP/USD is reduce-only: with no KEEP position every KEEP order is refused locally', async () => {
    const bot = await world.bot('intermediate');
    const keep = { pair: 'KEEPUSD', type: 'buy', ordertype: 'market', volume: '1000' } as const;
    await expectRefusedLocally(bot, { ...keep, leverage: '2' }, 'EOrder:Reduce only:No position exists');
    await expectRefusedLocally(bot, keep, 'EOrder:Reduce only:No position exists');
    await expectRefusedLocally(bot, { ...keep, type: 'sell' }, 'EOrder:Reduce only:No position exists');
    const keepOrders = [...world.running.exchange.account(bot.accountId).orders.values()].filter(
      (o) => o.pair.altname === 'KEEPUSD',
    );
    expect(keepOrders).toEqual([]);
  });

  it('on a market switched to reduce_only only orders that shrink the open position pass', async () => {
    const bot = await world.bot('pro');
    await place(bot, { pair: 'SOLUSD', type: 'buy', ordertype: 'market', volume: '10', leverage: '2' });
    world.running.exchange.setPairStatus('SOLUSD', 'reduce_only');
    bot.guard.updateAssetPairs(await bot.raw.assetPairs());
    try {
      const cannotGrow = 'EOrder:Reduce only:Cannot increase position';
      await expectRefusedLocally(
        bot,
        { pair: 'SOLUSD', type: 'buy', ordertype: 'market', volume: '1', leverage: '2' },
        cannotGrow,
      );
      await expectRefusedLocally(
        bot,
        { pair: 'SOLUSD', type: 'sell', ordertype: 'market', volume: '1' },
        cannotGrow,
      );
      // Stricter than reduce_only elsewhere: here a reduce-only order may not exceed the position either.
      await expectRefusedLocally(
        bot,
        { pair: 'SOLUSD', type: 'sell', ordertype: 'market', volume: '20', reduce_only: true },
        cannotGrow,
      );
      await place(bot, { pair: 'SOLUSD', type: 'sell', ordertype: 'market', volume: '4', leverage: '2' });
      expect(positionVolume(bot, 'SOLUSD', 'buy')).toBe('6');
      expect(bot.guard.snapshot().pairs.find((p) => p.pair === 'SOLUSD')?.longPositions).toBe('6');
    } finally {
      world.running.exchange.setPairStatus('SOLUSD', 'online');
    }
  });

  it('a Starter account is refused margin locally and still trades spot', async () => {
    const bot = await world.bot('starter');
    await expectRefusedLocally(
      bot,
      { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01', leverage: '2' },
      'EOrder:Cannot open position',
    );
    await expectRefusedLocally(
      bot,
      { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '0.01', reduce_only: true },
      'EOrder:Reduce only:No position exists',
    );
    const txid = await place(bot, { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' });
    expect(world.running.exchange.account(bot.accountId).orders.get(txid)?.status).toBe('closed');
  });

  it("after fills, closes and cancels the guard's pool usage equals the exchange's, live and after reconcile", async () => {
    // The account of the first test: this bot starts from what the exchange holds (15,000,000 USD of longs).
    const bot = await world.bot('intermediate');
    const market = (
      pair: string,
      type: 'buy' | 'sell',
      volume: string,
      extra: Partial<AddOrderParams> = {},
    ) => place(bot, { pair, type, ordertype: 'market', volume, ...extra });
    await market('XBTUSD', 'sell', '24', { leverage: '2' });
    // Rests, then a short opens beneath it and shrinks: the exchange still counts the whole order as opening.
    const underneath = await place(bot, {
      pair: 'SOLUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '400',
      price: '100.00',
      leverage: '2',
    });
    await market('ETHUSD', 'sell', '100', { leverage: '3' });
    await market('XBTEUR', 'buy', '5', { leverage: '2' });
    await market('ETHXBT', 'buy', '50', { leverage: '2' });
    await market('EURUSD', 'sell', '10000', { leverage: '2' });
    await market('SOLUSD', 'sell', '300', { leverage: '2' });
    const resting = await place(bot, {
      pair: 'ETHUSD',
      type: 'sell',
      ordertype: 'limit',
      volume: '20',
      price: '4000.00',
      leverage: '2',
    });
    const cancelled = await place(bot, {
      pair: 'XBTEUR',
      type: 'buy',
      ordertype: 'limit',
      volume: '3',
      price: '40000.0',
      leverage: '2',
    });
    await market('ETHUSD', 'buy', '40', { reduce_only: true });
    await market('ETHXBT', 'sell', '0', { leverage: '2' });
    await market('SOLUSD', 'buy', '120.5', { leverage: '2' });
    await bot.trading.cancelOrder({ txid: cancelled });
    bot.drain();
    // The market rises through the resting short: it fills at its limit and adds to the ETH short.
    await askAt(bot, 'ETHUSD', '4100.00');
    expect(world.running.exchange.account(bot.accountId).orders.get(resting)?.status).toBe('closed');
    const live = guardPools(bot.guard);
    expect(live).toEqual(exchangePools(world, bot));
    expect(Object.keys(live).sort()).toEqual(['ETH', 'EUR', 'SOL', 'USD']);
    expect(live['ETH']).toBe('80');
    expect(live['SOL']).toBe('179.5');
    expect(world.running.exchange.account(bot.accountId).orders.get(underneath)?.status).toBe('open');
    // Reconciled from OpenPositions/OpenOrders (costs rounded to the pair's cost decimals by the exchange).
    await bot.reconcile();
    const reconciled = guardPools(bot.guard);
    for (const [currency, amount] of Object.entries(exchangePools(world, bot))) {
      const gap = new Decimal(reconciled[currency] ?? '0').minus(amount).abs();
      expect(gap.lte('0.0001'), `${currency}: guard ${reconciled[currency]} vs exchange ${amount}`).toBe(
        true,
      );
    }
    // A guard started now from the same raw data holds exactly what the reconciled one holds.
    const restarted = await world.bot('intermediate');
    expect(guardPools(restarted.guard)).toEqual(reconciled);
  });
});
