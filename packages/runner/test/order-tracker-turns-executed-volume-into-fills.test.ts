import { type OrderInfo, RateLimitError } from '@krakenkit/client';
import { createGuard, type Guard } from '@krakenkit/guard';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BotRunner } from '../src/engine/bot-runner.js';
import type { BotClient } from '../src/engine/connect.js';
import { OrderTracker } from '../src/engine/order-tracker.js';
import { XBT_USD } from './support/strategy-harness.js';

const ASSET_PAIRS = {
  XXBTZUSD: {
    altname: 'XBTUSD',
    wsname: 'XBT/USD',
    base: 'XXBT',
    quote: 'ZUSD',
    pair_decimals: 1,
    lot_decimals: 8,
    ordermin: '0.00005',
    costmin: '0.5',
    tick_size: '0.1',
    leverage_buy: [2, 3, 4, 5],
    leverage_sell: [2, 3, 4, 5],
    long_position_limit: 270,
    short_position_limit: 180,
    status: 'online',
  },
};

function info(
  status: OrderInfo['status'],
  vol: string,
  volExec: string,
  cost: string,
  fee: string,
): OrderInfo {
  return {
    status,
    vol,
    vol_exec: volExec,
    cost,
    fee,
    descr: {
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      price: '65000',
      price2: '0',
      leverage: '2:1',
      order: '',
      close: '',
    },
  } as OrderInfo;
}

/** A guard holding one accepted margin buy (txid TX1), a tracker watching it, and scripted QueryOrders answers. */
/** `query`: the client's QueryOrders instead of one answering `answers` in turn. */
function setup(volume: string, answers: OrderInfo[], query?: (params: unknown, options: unknown) => unknown) {
  const guard: Guard = createGuard(
    { tier: 'intermediate', assetPairs: ASSET_PAIRS },
    { openOrders: { open: {} }, openPositions: {} },
  );
  const reservation = guard.reserve({
    pair: 'XXBTZUSD',
    side: 'buy',
    orderType: 'limit',
    volume,
    price: '65000',
    leverage: '2',
  });
  guard.apply({ type: 'order-accepted', ref: reservation.ref ?? '', txid: 'TX1' });
  let call = 0;
  const budget = { counter: 0, max: 20, decayPerSecond: 0.5 };
  const client = {
    queryOrders: query ?? (async () => ({ TX1: answers[Math.min(call++, answers.length - 1)] })),
    rateBudget: () => ({ rest: budget, trading: {}, throttledUntil: undefined }),
  } as unknown as BotClient;
  const tracker = new OrderTracker(new Map([['k', client]]), guard, () => 0);
  const bot = new BotRunner({
    name: 'b',
    strategyName: 's',
    key: 'k',
    pairs: [XBT_USD],
    strategy: { onTick: () => [] },
    now: () => 0,
  });
  tracker.watch({
    txid: 'TX1',
    bot,
    tag: 't',
    pair: XBT_USD,
    side: 'buy',
    margin: true,
    volume: new Decimal(volume),
  });
  return { guard, tracker, budget, calls: () => call };
}

const usd = (guard: Guard) => guard.snapshot().pools.find((pool) => pool.currency === 'USD');

describe('the order tracker', () => {
  it('turns growth of vol_exec into fills priced from the growth of cost, and feeds them to the guard', async () => {
    const { guard, tracker } = setup('0.2', [
      info('open', '0.2', '0.05', '3250', '1'),
      info('closed', '0.2', '0.2', '13000', '4'),
    ]);
    expect(usd(guard)).toMatchObject({ positions: '0', orders: '13000' });
    const [first] = await tracker.poll();
    expect(first).toMatchObject({ kind: 'fill', complete: false });
    if (first?.kind !== 'fill') throw new Error('expected a fill');
    expect([first.volume.toFixed(), first.price.toFixed(), first.fee.toFixed()]).toEqual([
      '0.05',
      '65000',
      '1',
    ]);
    expect(usd(guard)).toMatchObject({ positions: '3250', orders: '9750' });
    const [second] = await tracker.poll();
    if (second?.kind !== 'fill') throw new Error('expected a fill');
    expect([second.volume.toFixed(), second.price.toFixed(), second.fee.toFixed(), second.complete]).toEqual([
      '0.15',
      '65000',
      '3',
      true,
    ]);
    expect(usd(guard)).toMatchObject({ positions: '13000', orders: '0' });
    expect(tracker.size).toBe(0);
    expect(await tracker.poll()).toEqual([]);
  });

  it('gives the guard the executed total: a fill its reconcile already took in is not counted again', async () => {
    const { guard, tracker } = setup('0.2', [info('open', '0.2', '0.05', '3250', '1')]);
    // The guard reconciled after the 0.05 filled, before the tracker's poll saw it.
    guard.reconcile({
      openOrders: { open: { TX1: info('open', '0.2', '0.05', '3250', '1') } },
      openPositions: {
        TPOS1: {
          ordertxid: 'TX1',
          posstatus: 'open',
          pair: 'XXBTZUSD',
          time: 1,
          type: 'buy',
          cost: '3250',
          vol: '0.05',
          vol_closed: '0',
        },
      },
    });
    expect(usd(guard)).toMatchObject({ positions: '3250', orders: '9750' });
    const [update] = await tracker.poll();
    expect(update).toMatchObject({ kind: 'fill' }); // the bot still hears of it
    expect(usd(guard)).toMatchObject({ positions: '3250', orders: '9750' });
    expect(guard.orders()).toMatchObject([{ filled: '0.05' }]);
  });

  it("polls only while the key's REST counter has room (keeping a reserve), unless forced", async () => {
    const { tracker, budget, calls } = setup('0.2', [info('open', '0.2', '0.05', '3250', '1')]);
    budget.counter = 16; // 16 + 1 call > 20 − 4 reserved (a reconciliation's 3 and a lookup)
    expect(await tracker.poll()).toEqual([]);
    expect(calls()).toBe(0);
    expect(await tracker.poll(true)).toHaveLength(1);
    expect(calls()).toBe(1);
    budget.counter = 15;
    await tracker.poll();
    expect(calls()).toBe(2);
  });

  it('asks for a routine poll to fail fast, and skips it when the limiter finds no room; a forced poll waits', async () => {
    const asked: unknown[] = [];
    // The limiter's answer when the key's counter has no room (other processes used it).
    const { tracker } = setup('0.2', [], async (_params, options) => {
      asked.push(options);
      throw new RateLimitError('rest', 2_000, "the key's shared REST counter is full");
    });
    expect(await tracker.poll()).toEqual([]);
    expect(asked.at(-1)).toMatchObject({ background: true, failFast: true });
    await expect(tracker.poll(true)).rejects.toBeInstanceOf(RateLimitError);
    expect(asked.at(-1)).not.toHaveProperty('failFast');
  });

  it('reports a cancelled order as ended and releases what the guard still held for it', async () => {
    const { guard, tracker } = setup('0.2', [info('canceled', '0.2', '0.05', '3250', '1')]);
    const updates = await tracker.poll();
    expect(updates.map((update) => update.kind)).toEqual(['fill', 'ended']);
    expect(updates[1]).toMatchObject({ ended: { tag: 't', reason: 'cancelled' } });
    expect(usd(guard)).toMatchObject({ positions: '3250', orders: '0' });
  });

  it('reports exactly the executed volume and cost, however the fills are split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 8 }),
        async (parts) => {
          const lots = parts.map((part) => new Decimal(part).div(10_000));
          const total = lots.reduce((sum, lot) => sum.plus(lot), new Decimal(0));
          let executed = new Decimal(0);
          const answers = lots.map((lot, index) => {
            executed = executed.plus(lot);
            const last = index === lots.length - 1;
            return info(
              last ? 'closed' : 'open',
              total.toFixed(),
              executed.toFixed(),
              executed.times(65000).toFixed(),
              '0',
            );
          });
          const { tracker } = setup(total.toFixed(), answers);
          let volume = new Decimal(0);
          let cost = new Decimal(0);
          for (let i = 0; i < lots.length; i += 1) {
            for (const update of await tracker.poll()) {
              if (update.kind !== 'fill') continue;
              volume = volume.plus(update.volume);
              cost = cost.plus(update.volume.times(update.price));
            }
          }
          expect(volume.toFixed()).toBe(total.toFixed());
          expect(cost.toFixed()).toBe(total.times(65000).toFixed());
          expect(tracker.size).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });
});
